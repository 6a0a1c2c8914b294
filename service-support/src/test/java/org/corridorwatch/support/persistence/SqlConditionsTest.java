package org.corridorwatch.support.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.protobuf.NullValue;
import com.google.type.Date;

/** The shared filter conditions: a condition only for a value that is set, every value bound. */
class SqlConditionsTest {

    @Test
    void unsetValuesAddNoCondition() {
        SqlConditions sql = new SqlConditions().equalTo("t.code", "code", "").anyOf("t.kind", "kinds", List.of())
                .dateWithin("t.day", false, Date.getDefaultInstance(), false, Date.getDefaultInstance())
                .matches("t.search_vector", "  ");
        assertEquals(" WHERE TRUE", sql.where());
    }

    @Test
    void setValuesAddBoundConditions() {
        SqlConditions sql = new SqlConditions().equalTo("t.code", "code", "PK")
                .anyOf("t.kind", "kinds", List.of(NullValue.NULL_VALUE))
                .dateWithin("t.day", true, Date.newBuilder().setYear(2024).build(), true,
                        Date.newBuilder().setYear(2025).setMonth(2).build())
                .matches("t.search_vector", "dasu");
        assertEquals(" WHERE TRUE AND t.code = :code AND t.kind IN (:kinds) AND t.day_start >= :dayAfter"
                + " AND t.day_end <= :dayBefore AND t.day_start <= :dayBefore AND t.search_vector @@ websearch_to_tsquery('english', :query)",
                sql.where());
        assertEquals(List.of("NULL_VALUE"), sql.parameter("kinds"));
        assertEquals(LocalDate.of(2024, 1, 1), sql.parameter("dayAfter"));
        assertEquals(LocalDate.of(2025, 2, 28), sql.parameter("dayBefore"));
    }

    @Test
    void wholeYearsAreRangesFromAYearsFirstDayToAYearsLast() {
        Date year2010 = Date.newBuilder().setYear(2010).build();
        Date firstOfJanuary = Date.newBuilder().setYear(2010).setMonth(1).setDay(1).build();
        Date lastOfDecember = Date.newBuilder().setYear(2012).setMonth(12).setDay(31).build();
        Date december = Date.newBuilder().setYear(2012).setMonth(12).build();
        Date midYear = Date.newBuilder().setYear(2012).setMonth(6).setDay(30).build();
        Date unset = Date.getDefaultInstance();
        assertTrue(SqlConditions.isWholeYears(false, unset, false, unset));
        assertTrue(SqlConditions.isWholeYears(true, year2010, true, year2010));
        assertTrue(SqlConditions.isWholeYears(true, firstOfJanuary, true, lastOfDecember));
        assertTrue(SqlConditions.isWholeYears(false, unset, true, december));
        assertFalse(SqlConditions.isWholeYears(true, december, false, unset));
        assertFalse(SqlConditions.isWholeYears(false, unset, true, midYear));

        SqlConditions sql = SqlConditions.overFigures().yearWithin("c.year", true, firstOfJanuary, true, december);
        assertEquals(" WHERE TRUE AND c.year >= :yearAfter AND c.year BETWEEN 1 AND :yearBefore", sql.where());
        assertEquals(2010, sql.parameter("yearAfter"));
        assertEquals(2012, sql.parameter("yearBefore"));
        assertTrue(SqlConditions.overFigures().isEmpty());
    }

    @Test
    void aRowConditionStatesItsCopiesAndTheirBoundsOverTheLiveTablesWhenAloneWithThem() {
        SqlConditions.RowTable rows = new SqlConditions.RowTable("child c", "c.owner_id", "t.id",
                Map.of("t.day_start", "c.day_start"));
        SqlConditions sql = SqlConditions.notDeleted("t")
                .dateWithin("t.day", true, Date.newBuilder().setYear(2024).build(), false, Date.getDefaultInstance())
                .existsRow(rows, "c.code = :code", "code", "CN")
                .after("t.day_start", "t.id", true, LocalDate.of(2024, 5, 1), "x-1")
                .after("t.update_time", "t.id", false, LocalDate.of(2024, 5, 1), "x-1"); // no copy: not stated on c
        String plain = " WHERE TRUE AND t.delete_time IS NULL AND t.day_start >= :dayAfter"
                + " AND EXISTS (SELECT 1 FROM child c WHERE c.owner_id = t.id AND c.code = :code)"
                + " AND (t.day_start, t.id) < (:cursorValue, :cursorId) AND (t.update_time, t.id) > (:cursorValue, :cursorId)";
        assertEquals(plain, sql.where());
        assertEquals(plain.replace("c.code = :code)", "c.code = :code AND c.day_start = t.day_start"
                + " AND c.day_start >= :dayAfter AND (c.day_start, c.owner_id) < (:cursorValue, :cursorId))"),
                sql.overLiveTables().where());
        assertEquals("CN", sql.parameter("code"));
        assertEquals("x-1", sql.parameter("cursorId"));

        // With another condition, the plain EXISTS over the live tables too.
        SqlConditions withKind = SqlConditions.notDeleted("t").equalTo("t.kind", "kind", "K")
                .existsRow(rows, "c.code = :code", "code", "CN").overLiveTables();
        assertEquals(" WHERE TRUE AND t.delete_time IS NULL AND t.kind = :kind"
                + " AND EXISTS (SELECT 1 FROM child c WHERE c.owner_id = t.id AND c.code = :code)", withKind.where());
    }
}
