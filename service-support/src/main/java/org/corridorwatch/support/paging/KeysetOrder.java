package org.corridorwatch.support.paging;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.corridorwatch.support.persistence.SqlConditions;
import org.corridorwatch.support.validation.ResourceNames;
import org.corridorwatch.support.validation.Violations;

/**
 * One ordering a List method offers, walked keyset style over (sort column, id): a page starts
 * after the last row of the previous one, so deep pages cost what the first page costs.
 *
 * @param column the SQL column sorted on, qualified by the query's table alias
 * @param descending whether the order is descending (ties on the column then go by id descending too)
 * @param byDate whether the column holds a {@link LocalDate} (else an {@link Instant})
 */
public record KeysetOrder(String column, boolean descending, boolean byDate) {

    /** The position after which a page starts: the last row's sort value and id. */
    public record Cursor(Object sortValue, String id) {
    }

    /**
     * The orderings every resource's List offers: by its main partial date, newest first by
     * default, or by update time, each either way ("occurred_date desc", "occurred_date" = "...
     * asc", "update_time desc", "update_time" = "update_time asc"; "" = the date descending).
     *
     * @param dateField the date field as order_by names it, e.g. "occurred_date"
     * @param dateColumn the column of its first day, e.g. "i.occurred_start"
     * @param updateTimeColumn the update time column, e.g. "i.update_time"
     */
    public static Map<String, KeysetOrder> byDateOrUpdateTime(String dateField, String dateColumn,
            String updateTimeColumn) {
        KeysetOrder dateDesc = new KeysetOrder(dateColumn, true, true);
        KeysetOrder dateAsc = new KeysetOrder(dateColumn, false, true);
        KeysetOrder updatedDesc = new KeysetOrder(updateTimeColumn, true, false);
        KeysetOrder updatedAsc = new KeysetOrder(updateTimeColumn, false, false);
        return Map.of("", dateDesc, dateField + " desc", dateDesc, dateField, dateAsc, dateField + " asc", dateAsc,
                "update_time desc", updatedDesc, "update_time", updatedAsc, "update_time asc", updatedAsc);
    }

    /**
     * The ordering an order_by string names among {@code orderings} (case and extra spaces
     * ignored; "" must be among them as the default), or null with a violation on {@code field}.
     */
    public static KeysetOrder parse(String orderBy, Map<String, KeysetOrder> orderings, String field,
            Violations violations) {
        KeysetOrder order = orderings.get(orderBy.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT));
        if (order == null) {
            violations.add(field, "must be one of " + orderings.keySet().stream().filter(k -> !k.isEmpty()).sorted()
                    .map(k -> "\"" + k + "\"").toList());
        }
        return order;
    }

    /** The cursor parts a page token carries for a row with this sort value and id. */
    public List<String> cursorParts(Object sortValue, String id) {
        return List.of(sortValue.toString(), id);
    }

    /**
     * The cursor that a page token's parts describe, or null with a violation. Tokens are signed,
     * but their values are still checked like any other input: a token of an older cursor format,
     * or one signed with a leaked key, is INVALID_ARGUMENT, never a database error.
     */
    public Cursor cursor(List<String> parts, String field, Violations violations) {
        try {
            Object sortValue;
            int year;
            if (byDate) {
                LocalDate date = LocalDate.parse(parts.get(0));
                sortValue = date;
                year = date.getYear();
            } else {
                Instant instant = Instant.parse(parts.get(0));
                sortValue = instant;
                year = instant.atOffset(ZoneOffset.UTC).getYear();
            }
            if (year >= 1 && year <= 9999 && ResourceNames.isValidId(parts.get(1))) {
                return new Cursor(sortValue, parts.get(1));
            }
        } catch (DateTimeParseException e) {
            // falls through to the violation
        }
        violations.add(field, "is not a page token issued by this service");
        return null;
    }

    /** The SQL condition selecting rows after {@code :cursorValue, :cursorId}, id column {@code idColumn}. */
    public String afterCursorCondition(String idColumn) {
        return SqlConditions.afterCursor(column, idColumn, descending);
    }

    /** {@code sql} with the rows after {@code cursor} only, id column {@code idColumn}. */
    public SqlConditions after(SqlConditions sql, String idColumn, Cursor cursor) {
        return sql.after(column, idColumn, descending, cursor.sortValue(), cursor.id());
    }

    /** The ORDER BY clause, ties broken by {@code idColumn} in the same direction. */
    public String orderByClause(String idColumn) {
        return SqlConditions.orderBy(column, idColumn, descending);
    }
}
