package org.corridorwatch.support.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.corridorwatch.support.paging.KeysetOrder.Cursor;
import org.corridorwatch.support.validation.Violations;
import org.junit.jupiter.api.Test;

class KeysetOrderTest {

    private static final KeysetOrder BY_DATE_DESC = new KeysetOrder("t.day", true, true);
    private static final KeysetOrder BY_TIME = new KeysetOrder("t.update_time", false, false);
    private static final Map<String, KeysetOrder> ORDERINGS = Map.of("", BY_DATE_DESC, "day desc", BY_DATE_DESC,
            "update_time", BY_TIME);

    @Test
    void parsesOrderByIgnoringCaseAndSpacesAndDefaultsWhenEmpty() {
        Violations v = new Violations();
        assertSame(BY_DATE_DESC, KeysetOrder.parse("", ORDERINGS, "order_by", v));
        assertSame(BY_DATE_DESC, KeysetOrder.parse("  DAY   Desc ", ORDERINGS, "order_by", v));
        assertSame(BY_TIME, KeysetOrder.parse("update_time", ORDERINGS, "order_by", v));
        assertEquals(List.of(), v.list());
    }

    @Test
    void theStandardOrderingsSortByTheDateNewestFirstByDefaultOrByUpdateTime() {
        Map<String, KeysetOrder> orderings = KeysetOrder.byDateOrUpdateTime("occurred_date", "i.occurred_start",
                "i.update_time");
        KeysetOrder dateDesc = new KeysetOrder("i.occurred_start", true, true);
        KeysetOrder dateAsc = new KeysetOrder("i.occurred_start", false, true);
        assertEquals(Map.of("", dateDesc, "occurred_date desc", dateDesc, "occurred_date", dateAsc,
                "occurred_date asc", dateAsc, "update_time desc", new KeysetOrder("i.update_time", true, false),
                "update_time", new KeysetOrder("i.update_time", false, false), "update_time asc",
                new KeysetOrder("i.update_time", false, false)), orderings);
    }

    @Test
    void refusesAnUnknownOrderingListingTheKnownOnes() {
        Violations v = new Violations();
        assertNull(KeysetOrder.parse("title", ORDERINGS, "order_by", v));
        assertEquals("must be one of [\"day desc\", \"update_time\"]", v.list().get(0).getDescription());
    }

    @Test
    void cursorsRoundTripThroughTheirParts() {
        Violations v = new Violations();
        LocalDate day = LocalDate.of(2024, 3, 26);
        assertEquals(new Cursor(day, "besham-2024"),
                BY_DATE_DESC.cursor(BY_DATE_DESC.cursorParts(day, "besham-2024"), "page_token", v));
        Instant time = Instant.parse("2026-11-24T10:15:30.123456Z");
        assertEquals(new Cursor(time, "a"), BY_TIME.cursor(BY_TIME.cursorParts(time, "a"), "page_token", v));
        assertEquals(List.of(), v.list());
    }

    @Test
    void refusesForgedCursorValues() {
        Violations v = new Violations();
        assertNull(BY_DATE_DESC.cursor(List.of("not-a-date", "a"), "page_token", v));
        assertNull(BY_DATE_DESC.cursor(List.of("2024-01-01", "Not An Id"), "page_token", v));
        assertNull(BY_TIME.cursor(List.of("2024-01-01", "a"), "page_token", v));
        assertEquals(3, v.list().size());
    }

    @Test
    void buildsTheKeysetConditionInTheOrdersDirection() {
        assertEquals("(t.day, t.id) < (:cursorValue, :cursorId)", BY_DATE_DESC.afterCursorCondition("t.id"));
        assertEquals(" ORDER BY t.day DESC, t.id DESC", BY_DATE_DESC.orderByClause("t.id"));
        assertEquals("(t.update_time, t.id) > (:cursorValue, :cursorId)", BY_TIME.afterCursorCondition("t.id"));
    }
}
