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
 * matches, the page is read from the index when {@code matches² < limit × rows}.
 */
public final class TextMatchPlans {

    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\":\\s*([0-9.eE+]+)");

    private TextMatchPlans() {
    }

    /**
     * Whether the rows of {@code from} (e.g. "incidents i") that {@code where} selects are few
     * enough to read them all from their indexes and sort them for a page of {@code limit}.
     */
    public static boolean fewEnoughToSort(EntityManager entityManager, String from, SqlConditions where, int limit) {
        String plan = String.valueOf(where.bindTo(entityManager.createNativeQuery(
                "EXPLAIN (FORMAT JSON) SELECT 1 FROM " + from + where.where())).getSingleResult());
        Matcher estimate = PLAN_ROWS.matcher(plan);
        if (!estimate.find()) {
            return false; // no estimate to go by: the planner's own plan
        }
        double matches = Double.parseDouble(estimate.group(1));
        String table = from.substring(0, from.indexOf(' '));
        Number rows = (Number) entityManager.createNativeQuery(
                "SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = to_regclass(:table)")
                .setParameter("table", table).getResultStream().findFirst().orElse(0);
        return matches * matches < (double) limit * rows.doubleValue();
    }
}
