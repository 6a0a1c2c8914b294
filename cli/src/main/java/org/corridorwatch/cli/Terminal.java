package org.corridorwatch.cli;

/**
 * Whether stdout and stderr are terminals: the table is the default output and the progress line
 * is drawn only there. The launcher (cli/corridorwatch) tells, with the shell's {@code test -t};
 * run as {@code java -jar}, whether the JVM's console is a terminal.
 */
public record Terminal(boolean stdout, boolean stderr) {

    static Terminal detect() {
        java.io.Console console = System.console();
        boolean terminal = console != null && isTerminal(console);
        return new Terminal(Boolean.parseBoolean(System.getProperty("corridorwatch.stdout-terminal", String.valueOf(terminal))),
                Boolean.parseBoolean(System.getProperty("corridorwatch.stderr-terminal", String.valueOf(terminal))));
    }

    /**
     * From JDK 22 a console exists also when the streams are redirected, and Console.isTerminal
     * (22+) tells; before, a console exists only on a terminal.
     */
    private static boolean isTerminal(java.io.Console console) {
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
