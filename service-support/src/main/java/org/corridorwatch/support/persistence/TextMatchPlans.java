package org.corridorwatch.support.persistence;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.persistence.EntityManager;

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
 * holds. As-of reads (views, whose size is unknown) keep the planner's plan.
 */
public final class TextMatchPlans {

    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\":\\s*([0-9.eE+]+)");

    private TextMatchPlans() {
    }

    /**
     * Whether {@code where} has a full-text condition, and the rows of {@code from} (e.g.
     * "incidents i") that it alone selects are few enough to read them all from the text index and
     * sort them for a page of {@code limit}. A table never analyzed (reltuples unknown) or a view (an
     * as-of read's) counts as empty: the planner's own plan.
     */
    public static boolean fewEnoughToSort(EntityManager entityManager, String from, SqlConditions where, int limit) {
        if (!where.hasTextMatch()) {
            return false;
        }
        String table = from.substring(0, from.indexOf(' '));
        Number rows = (Number) entityManager.createNativeQuery(
                "SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = to_regclass(:table)")
                .setParameter("table", table).getResultStream().findFirst().orElse(0);
        if (rows.doubleValue() == 0) {
            return false;
        }
        String plan = String.valueOf(entityManager.createNativeQuery("EXPLAIN (FORMAT JSON) SELECT 1 FROM " + from
                + where.textMatchWhere()).setParameter("query", where.parameter("query")).getSingleResult());
        Matcher estimate = PLAN_ROWS.matcher(plan);
        if (!estimate.find()) {
            return false; // no estimate to go by: the planner's own plan
        }
        double matches = Double.parseDouble(estimate.group(1));
        return matches * matches < (double) limit * rows.doubleValue();
    }

    /**
     * The page's statement read that way: the full-text matches alone from the text index (OFFSET 0
     * keeps the ORDER BY and LIMIT out of the subquery's plan, so it never walks the order index,
     * nor joins the matches with a bitmap of another condition's far more rows), then the filter's
     * other conditions, the order and the limit over them.
     *
     * @param select the select list, over {@code alias}
     * @param cursor the page's keyset condition (" AND ..."), or "": in the subquery too, so each
     *        page reads only the matches after the one before
     */
    public static String readFromTextIndex(String select, String from, String alias, SqlConditions where,
            String cursor, String orderBy) {
        return "SELECT * FROM (SELECT " + select + " FROM " + from + where.textMatchWhere() + cursor + " OFFSET 0) "
                + alias + where.whereWithoutTextMatch() + orderBy + " LIMIT :limit";
    }
}
