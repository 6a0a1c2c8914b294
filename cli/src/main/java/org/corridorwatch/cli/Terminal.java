package org.corridorwatch.cli;

/**
 * Whether stdout and stderr are terminals: the table is the default output and the progress line
 * is drawn only there. The launcher (cli/corridorwatch) tells, with the shell's {@code test -t};
 * run as {@code java -jar}, whether the JVM has a console (stdin and stdout both terminals).
 */
public record Terminal(boolean stdout, boolean stderr) {

    static Terminal detect() {
        boolean console = System.console() != null;
        return new Terminal(Boolean.parseBoolean(System.getProperty("corridorwatch.stdout-terminal", String.valueOf(console))),
                Boolean.parseBoolean(System.getProperty("corridorwatch.stderr-terminal", String.valueOf(console))));
    }
}
