package org.corridorwatch.benchmark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The printed result: one row per figure, the service next to its JDBC baseline and the goal. */
final class Table {

    private static final String[] HEADER = {"Figure", "Service", "JDBC baseline", "Ratio", "Goal", "Met"};
    private final List<String[]> rows = new ArrayList<>();

    void add(String figure, String service, String jdbc, String ratio, String goal, boolean met) {
        rows.add(new String[] {figure, service, jdbc, ratio, goal, met ? "yes" : "NO"});
    }

    /** A Markdown table, so that it pastes into a note or the README as it is. */
    void print(PrintStream out) {
        int[] widths = new int[HEADER.length];
        List<String[]> all = new ArrayList<>();
        all.add(HEADER);
        all.addAll(rows);
        for (String[] row : all) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        printRow(out, HEADER, widths);
        String[] rule = new String[HEADER.length];
        for (int i = 0; i < rule.length; i++) {
            rule[i] = "-".repeat(widths[i]);
        }
        printRow(out, rule, widths);
        rows.forEach(row -> printRow(out, row, widths));
        out.flush();
    }

    private static void printRow(PrintStream out, String[] row, int[] widths) {
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < row.length; i++) {
            line.append(' ').append(row[i]).append(" ".repeat(widths[i] - row[i].length())).append(" |");
        }
        out.println(line);
    }
}
