package org.corridorwatch.support.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a List page with a full-text condition is best read (issue 12). PostgreSQL plans such a page
 * by walking the order index and filtering each row, betting that matches are spread evenly and
 * the page fills early; for a rare term it walks the whole index (16 s at 1M incidents). Reading
 * every match from the full-text (GIN) index and sorting them costs about the number of matches;
 * walking costs about {@code limit × rows / matches}. So with the planner's own estimate of the
 * matches, the page is read from the index when {@code matches² < limit × rows}; the other
 * conditions of the filter are applied to the matches after. The trade: when another condition
 * has a far more selective index (a rare term and one affected deal), its plan would have been
 * cheaper still; the matches read are bounded by {@code sqrt(limit × rows)} as far as the estimate
 * holds. As-of reads (views, whose size is unknown) keep the planner's plan: they are not asked.
 */
public final class TextMatchPlans {

    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\":\\s*([0-9.eE+]+)");

    private TextMatchPlans() {
    }

    /**
     * Whether {@code where} has a full-text condition, and the rows of {@code from} (e.g.
     * "incidents i") that it alone selects are few enough to read them all from the text index and
     * sort them for a page of {@code limit}, asked on {@code connection}. A table never analyzed
     * (reltuples unknown) counts as empty: the planner's own plan.
     */
    public static boolean fewEnoughToSort(Connection connection, String from, SqlConditions where, int limit)
            throws SQLException {
        if (!where.hasTextMatch()) {
            return false;
        }
        double rows = 0;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = to_regclass(?)")) {
            statement.setString(1, from.substring(0, from.indexOf(' ')));
            try (ResultSet result = statement.executeQuery()) {
                rows = result.next() ? result.getDouble(1) : 0;
            }
        }
        if (rows == 0) {
            return false;
        }
        String plan;
        try (PreparedStatement statement = connection.prepareStatement("EXPLAIN (FORMAT JSON) SELECT 1 FROM " + from
                + where.textMatchWhere().replace(":query", "?"))) {
            statement.setObject(1, where.parameter("query"));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                plan = result.getString(1);
            }
        }
        Matcher estimate = PLAN_ROWS.matcher(plan);
        if (!estimate.find()) {
            return false; // no estimate to go by: the planner's own plan
        }
        double matches = Double.parseDouble(estimate.group(1));
        return matches * matches < (double) limit * rows;
    }

    /**
     * The page's statement read that way: the full-text matches alone from the text index (OFFSET 0
     * keeps the ORDER BY and LIMIT out of the subquery's plan, so it never walks the order index,
     * nor joins the matches with a bitmap of another condition's far more rows), then the filter's
     * other conditions, the order and the limit over them.
     *
     * @param select the select list, over {@code alias}: of the subquery's rows
     * @param rowColumns the table's columns the subquery reads, over {@code alias}: those the select
     *        list, the other conditions and the order use (the stored ones, not the search vector)
     * @param cursor the page's keyset condition (" AND ..."), or "": in the subquery too, so each
     *        page reads only the matches after the one before
     */
    public static String readFromTextIndex(String select, String rowColumns, String from, String alias,
            SqlConditions where, String cursor, String orderBy) {
        return "SELECT " + select + " FROM (SELECT " + rowColumns + " FROM " + from + where.textMatchWhere() + cursor
                + " OFFSET 0) " + alias + where.whereWithoutTextMatch() + orderBy + " LIMIT :limit";
    }
}
