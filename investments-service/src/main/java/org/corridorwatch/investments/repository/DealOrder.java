package org.corridorwatch.investments.repository;

import java.util.Map;

import org.corridorwatch.support.paging.KeysetOrder;

/** The orderings ListDeals offers, by order_by string, each a keyset over (sort column, id). */
public final class DealOrder {

    private static final KeysetOrder ANNOUNCED_DESC = new KeysetOrder("d.announced_start", true, true);
    private static final KeysetOrder ANNOUNCED_ASC = new KeysetOrder("d.announced_start", false, true);
    private static final KeysetOrder UPDATED_DESC = new KeysetOrder("d.update_time", true, false);
    private static final KeysetOrder UPDATED_ASC = new KeysetOrder("d.update_time", false, false);

    /** "" is the default. */
    public static final Map<String, KeysetOrder> ORDERINGS = Map.of(
            "", ANNOUNCED_DESC,
            "announced_date desc", ANNOUNCED_DESC,
            "announced_date", ANNOUNCED_ASC,
            "announced_date asc", ANNOUNCED_ASC,
            "update_time desc", UPDATED_DESC,
            "update_time", UPDATED_ASC,
            "update_time asc", UPDATED_ASC);

    private DealOrder() {
    }
}
