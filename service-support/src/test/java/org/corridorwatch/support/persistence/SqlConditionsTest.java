package org.corridorwatch.support.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
