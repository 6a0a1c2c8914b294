package org.corridorwatch.diplomacy.repository;

import java.util.Map;

import org.corridorwatch.support.paging.KeysetOrder;

/** The orderings of statements, each a keyset over (sort column, id). */
public final class StatementOrder {

    private static final KeysetOrder DATE_DESC = new KeysetOrder("s.statement_start", true, true);
    private static final KeysetOrder UPDATED_DESC = new KeysetOrder("s.update_time", true, false);
    private static final KeysetOrder UPDATED_ASC = new KeysetOrder("s.update_time", false, false);

    /** Oldest first: the order of a position timeline. */
    public static final KeysetOrder DATE_ASC = new KeysetOrder("s.statement_start", false, true);

    /** What ListStatements offers, by order_by string; "" is the default. */
    public static final Map<String, KeysetOrder> ORDERINGS = Map.of(
            "", DATE_DESC,
            "statement_date desc", DATE_DESC,
            "statement_date", DATE_ASC,
            "statement_date asc", DATE_ASC,
            "update_time desc", UPDATED_DESC,
            "update_time", UPDATED_ASC,
            "update_time asc", UPDATED_ASC);

    private StatementOrder() {
    }
}
