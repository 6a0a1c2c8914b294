package org.corridorwatch.incidents.repository;

import java.util.Map;

/** The orderings ListIncidents offers, each a keyset over (sort column, id). */
public enum IncidentOrder {
    OCCURRED_DATE_DESC("occurred_start", true),
    OCCURRED_DATE_ASC("occurred_start", false),
    UPDATE_TIME_DESC("update_time", true),
    UPDATE_TIME_ASC("update_time", false);

    private static final Map<String, IncidentOrder> BY_ORDER_BY = Map.of(
            "", OCCURRED_DATE_DESC,
            "occurred_date desc", OCCURRED_DATE_DESC,
            "occurred_date", OCCURRED_DATE_ASC,
            "occurred_date asc", OCCURRED_DATE_ASC,
            "update_time desc", UPDATE_TIME_DESC,
            "update_time", UPDATE_TIME_ASC,
            "update_time asc", UPDATE_TIME_ASC);

    final String column;
    final boolean descending;

    IncidentOrder(String column, boolean descending) {
        this.column = column;
        this.descending = descending;
    }

    /** The ordering an order_by string names (case and extra spaces ignored), or null if none. */
    public static IncidentOrder parse(String orderBy) {
        return BY_ORDER_BY.get(orderBy.trim().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT));
    }

    public boolean sortsByOccurredDate() {
        return column.equals("occurred_start");
    }
}
