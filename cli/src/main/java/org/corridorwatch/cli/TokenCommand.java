package org.corridorwatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.corridorwatch.stack.StackTokens;
import org.corridorwatch.support.auth.Roles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code token}: a bearer token signed with the local stack's development key (or another
 * deployment's, with --key and --issuer), printed alone so it can go into a variable.
 */
@Command(name = "token", description = {"Print a token for the local stack, signed with its development key.",
        "e.g. export CORRIDORWATCH_TOKEN=$(cli/corridorwatch token --role reader)"})
final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "reader, editor or admin")
    String role;

    @Option(names = "--subject", paramLabel = "NAME", defaultValue = "developer", description = "who the token names (default: ${DEFAULT-VALUE})")
    String subject;

    @Option(names = "--hours", paramLabel = "N", defaultValue = "12", description = "valid for N hours (default: ${DEFAULT-VALUE})")
    long hours;

    @Option(names = "--key", paramLabel = "FILE",
            description = "the PKCS#8 PEM signing key (default: $CORRIDORWATCH_HOME/keys/private.pem, else .corridorwatch/keys/private.pem of the repository)")
    Path key;

    @Option(names = "--issuer", paramLabel = "URL", defaultValue = StackTokens.ISSUER, description = "the token's iss (default: ${DEFAULT-VALUE})")
    String issuer;

    @Override
    public Integer call() {
        if (!Roles.HIERARCHY.contains(role)) {
            throw new ParameterException(spec.commandLine(), "--role must be one of " + String.join(", ", Roles.HIERARCHY));
        }
        if (hours < 1) {
            throw new ParameterException(spec.commandLine(), "--hours must be 1 or more");
        }
        Path signingKey = key != null ? key : StackTokens.inDataDirectory(localStackHome()).privateKey();
        if (!Files.isRegularFile(signingKey)) {
            throw new Failures.Failure(Failures.USAGE, "no signing key at " + signingKey
                    + " (start the local stack once with ./run.sh, or pass --key FILE)");
        }
        spec.commandLine().getOut().println(StackTokens.mint(signingKey, issuer, role, subject, Duration.ofHours(hours)));
        spec.commandLine().getOut().flush();
        return Failures.OK;
    }

    /** Where ./run.sh keeps its keys: $CORRIDORWATCH_HOME, else .corridorwatch in the repository the launcher is in. */
    private static Path localStackHome() {
        String home = System.getenv("CORRIDORWATCH_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        return Path.of(System.getProperty("corridorwatch.repository", ".")).resolve(".corridorwatch");
    }
}
