package org.corridorwatch.incidents.repository;

import java.util.Map;

import org.corridorwatch.support.paging.KeysetOrder;

/** The orderings ListIncidents offers, by order_by string, each a keyset over (sort column, id). */
public final class IncidentOrder {

    private static final KeysetOrder OCCURRED_DESC = new KeysetOrder("i.occurred_start", true, true);
    private static final KeysetOrder OCCURRED_ASC = new KeysetOrder("i.occurred_start", false, true);
    private static final KeysetOrder UPDATED_DESC = new KeysetOrder("i.update_time", true, false);
    private static final KeysetOrder UPDATED_ASC = new KeysetOrder("i.update_time", false, false);

    /** "" is the default. */
    public static final Map<String, KeysetOrder> ORDERINGS = Map.of(
            "", OCCURRED_DESC,
            "occurred_date desc", OCCURRED_DESC,
            "occurred_date", OCCURRED_ASC,
            "occurred_date asc", OCCURRED_ASC,
            "update_time desc", UPDATED_DESC,
            "update_time", UPDATED_ASC,
            "update_time asc", UPDATED_ASC);

    private IncidentOrder() {
    }
}
