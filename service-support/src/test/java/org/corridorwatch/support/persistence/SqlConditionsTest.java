package org.corridorwatch.support.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;

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
    void aPageWithOnlyBoundsTheRowTableCopiesIsReadFromTheRows() {
        SqlConditions.RowTable rows = new SqlConditions.RowTable("child c", "c.owner_id", "t.id",
                List.of("day_start", "day_end", "delete_time", "size"));
        Date year = Date.newBuilder().setYear(2024).build();
        SqlConditions sql = SqlConditions.notDeleted("t").dateWithin("t.day", true, year, true, year)
                .existsRow(rows, "c.code = :code", "code", "CN")
                .atLeastCovered("t.size", "minSize", 3)
                .after("t.day_start", "t.id", true, LocalDate.of(2024, 5, 1), "x-1");
        String recordConditions = " AND t.delete_time IS NULL AND t.day_start >= :dayAfter"
                + " AND t.day_end <= :dayBefore AND t.day_start <= :dayBefore";
        String recordBounds = " AND t.size >= :minSize AND (t.day_start, t.id) < (:cursorValue, :cursorId)";
        assertEquals(" WHERE TRUE" + recordConditions
                + " AND EXISTS (SELECT 1 FROM child c WHERE c.owner_id = t.id AND c.code = :code)" + recordBounds,
                sql.where());
        assertTrue(sql.readsFromRows("t.day_start"));
        assertFalse(sql.readsFromRows("t.update_time"), "no copy of the order's column");
        assertFalse(sql.readsIdsFirst(), "a row condition");
        assertEquals("SELECT t.id FROM tab t WHERE TRUE" + recordConditions + " AND TRUE" + recordBounds
                + " AND t.id IN (SELECT page_rows.owner_id FROM (SELECT DISTINCT c.day_start, c.owner_id FROM child c"
                + " WHERE c.code = :code AND c.delete_time IS NULL AND c.day_start >= :dayAfter"
                + " AND c.day_end <= :dayBefore AND c.day_start <= :dayBefore AND c.size >= :minSize"
                + " AND (c.day_start, c.owner_id) < (:cursorValue, :cursorId)"
                + " ORDER BY c.day_start DESC, c.owner_id DESC LIMIT :limit) page_rows)"
                + " ORDER BY t.day_start DESC, t.id DESC", sql.readFromRows("t.id", "tab t", "t.day_start", true));
        assertEquals("CN", sql.parameter("code"));
        assertEquals(3, sql.parameter("minSize"));
        assertEquals("x-1", sql.parameter("cursorId"));

        // A cursor in an order the rows have no copy of, a condition on a column without a copy, a
        // condition of add, a second row condition: the plain statement.
        assertFalse(SqlConditions.notDeleted("t").existsRow(rows, "c.code = :code", "code", "CN")
                .after("t.update_time", "t.id", false, LocalDate.of(2024, 5, 1), "x-1").readsFromRows("t.day_start"));
        assertFalse(SqlConditions.notDeleted("t").equalTo("t.kind", "kind", "K")
                .existsRow(rows, "c.code = :code", "code", "CN").readsFromRows("t.day_start"));
        assertFalse(SqlConditions.notDeleted("t").add("t.size > 2", "unused", 0)
                .existsRow(rows, "c.code = :code", "code", "CN").readsFromRows("t.day_start"));
        assertTrue(SqlConditions.notDeleted("t").equalTo("t.size", "size", "3")
                .existsRow(rows, "c.code = :code", "code", "CN").readsFromRows("t.day_start"));
        assertFalse(SqlConditions.notDeleted("t").existsRow(rows, "c.code = :code", "code", "CN")
                .existsRow(rows, "c.code = :other", "other", "PK").readsFromRows("t.day_start"));
        assertFalse(SqlConditions.notDeleted("t").existsRow(rows, "c.code = :code", "code", "CN")
                .atLeastCovered("t.weight", "minWeight", 1).readsFromRows("t.day_start"));
        assertFalse(SqlConditions.notDeleted("t").readsFromRows("t.day_start"), "no row condition");
        assertTrue(SqlConditions.notDeleted("t").atLeastCovered("t.size", "minSize", 3).readsIdsFirst());
    }
}
