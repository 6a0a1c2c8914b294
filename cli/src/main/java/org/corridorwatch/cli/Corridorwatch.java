package org.corridorwatch.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

import io.grpc.StatusRuntimeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code corridorwatch}, the analysts' command line: {@code corridorwatch <resource> <command>}
 * for incidents, deals and statements, and {@code token}. Every resource gets the same commands,
 * built from its {@link Resource} description.
 */
@Command(name = "corridorwatch", mixinStandardHelpOptions = true, version = "corridorwatch 1.0",
        description = "Read, export, import and watch Corridor Watch's incidents, deals and statements.",
        footer = {"", "Exit codes: 0 done; 1 failed; 2 usage: the command line is wrong;",
                "3 refused input: invalid, not found, conflicting, not allowed, or an import",
                "with refused records; 4 unavailable: the service is unreachable or busy,",
                "try again later."})
public final class Corridorwatch implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    ResourceCommand.Connection connection;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name what to work on: incidents, deals, statements or token");
    }

    /** A resource's group of commands, e.g. {@code corridorwatch incidents}. */
    @Command(mixinStandardHelpOptions = true)
    static final class ResourceGroup implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw new ParameterException(spec.commandLine(), "name a command, e.g. list; --help lists them");
        }
    }

    public static void main(String[] args) {
        // Buffered, flushed by the commands when done (and by a watch after every change): a
        // million-row export must not cost a system call per line.
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16), false);
        int exitCode = commandLine(Terminal.detect()).setOut(out).execute(args);
        out.flush();
        if (out.checkError() && exitCode == Failures.OK) {
            System.err.println("corridorwatch: could not write all of the output to stdout");
            exitCode = Failures.FAILED;
        }
        System.exit(exitCode);
    }

    /** The whole command line, for {@code terminal} (tests pass their own and set out and err). */
    public static CommandLine commandLine(Terminal terminal) {
        CommandLine root = new CommandLine(new Corridorwatch());
        for (Resource resource : Resource.ALL) {
            CommandLine group = new CommandLine(new ResourceGroup());
            group.getCommandSpec().usageMessage().description("Commands for " + resource.collection() + ".");
            add(group, resource, terminal, ReadCommands.ListCommand::new, true);
            add(group, resource, terminal, ReadCommands.SearchCommand::new, true);
            add(group, resource, terminal, ReadCommands.GetCommand::new, false);
            if (resource.summarizes()) {
                add(group, resource, terminal, ReadCommands.SummarizeCommand::new, true);
            } else {
                add(group, resource, terminal, ReadCommands.TimelineCommand::new, false);
            }
            add(group, resource, terminal, ReadCommands.HistoryCommand::new, false);
            add(group, resource, terminal, StreamCommands.WatchCommand::new, true);
            add(group, resource, terminal, StreamCommands.ExportCommand::new, true);
            add(group, resource, terminal, ImportCommand::new, false);
            root.addSubcommand(resource.collection(), group);
        }
        root.addSubcommand("token", new TokenCommand());
        // An option given twice (in CORRIDORWATCH_... aliases of scripts, say) takes the last value.
        root.setOverwrittenOptionsAllowed(true);
        root.setParameterExceptionHandler(Corridorwatch::usageError);
        root.setExecutionExceptionHandler((exception, commandLine, parseResult) -> failure(exception, commandLine));
        return root;
    }

    private static void add(CommandLine group, Resource resource, Terminal terminal,
            BiFunction<Resource, Terminal, ResourceCommand> command, boolean filtered) {
        CommandLine commandLine = new CommandLine(command.apply(resource, terminal));
        if (filtered) {
            ResourceCommand.addFilterOptions(commandLine.getCommandSpec(), resource);
        }
        commandLine.getCommandSpec().mixinStandardHelpOptions(true);
        group.addSubcommand(commandLine);
    }

    /** A wrong command line: one line saying what is wrong and where help is; exit code 2. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        commandLine.getErr().println("corridorwatch: " + e.getMessage());
        commandLine.getErr().println("Try: " + commandLine.getCommandSpec().qualifiedName() + " --help");
        commandLine.getErr().flush();
        return Failures.USAGE;
    }

    /** A command that failed: one line, never a stack trace, and the exit code of its kind. */
    private static int failure(Exception exception, CommandLine commandLine) {
        PrintWriter err = commandLine.getErr();
        int exitCode;
        if (exception instanceof ParameterException usage) {
            return usageError(usage, null);
        } else if (exception instanceof StatusRuntimeException call) {
            err.println("corridorwatch: " + Failures.describe(call));
            exitCode = Failures.exitCode(call);
        } else if (exception instanceof Failures.Failure failure) {
            err.println("corridorwatch: " + failure.getMessage());
            exitCode = failure.exitCode;
        } else if (exception instanceof UncheckedIOException io) {
            err.println("corridorwatch: " + io.getCause().getMessage());
            exitCode = Failures.FAILED;
        } else {
            err.println("corridorwatch: unexpected " + exception);
            exitCode = Failures.FAILED;
        }
        commandLine.getOut().flush();
        err.flush();
        return exitCode;
    }
}
