package org.corridorwatch.support.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.persistence.Query;

import org.corridorwatch.support.validation.PartialDates;

import com.google.type.Date;

/**
 * A WHERE clause built from conditions ANDed together, with their bound parameters. Values are
 * always bound as parameters, never concatenated into the SQL.
 */
public final class SqlConditions {

    private static final MonthDay FIRST_DAY_OF_YEAR = MonthDay.of(1, 1);
    private static final MonthDay LAST_DAY_OF_YEAR = MonthDay.of(12, 31);
    /** A named parameter, {@code :name}; not the second colon of a cast ({@code ::text}). */
    private static final Pattern NAMED_PARAMETER = Pattern.compile("(?<![:\\w]):([A-Za-z_]\\w*)");

    private final StringBuilder where = new StringBuilder(" WHERE TRUE");
    private final Map<String, Object> parameters = new HashMap<>();
    private boolean empty = true;
    private String textMatch; // the full-text condition, when there is one
    /** The existsRow conditions, each in {@link #where} as its marker. */
    private final List<RowCondition> rowConditions = new ArrayList<>();
    /** Conditions on the record's columns that a row condition's copies of them can state too. */
    private final List<Bound> bounds = new ArrayList<>();
    private boolean overLiveTables;
    /** Whether a condition was added other than a date range, a row condition and a cursor. */
    private boolean otherConditions;
    /** Whether an {@link #addCovered} condition was added. */
    private boolean coveredCondition;

    /** A condition of existsRow, and the marker that stands for it in {@link #where} until it is stated. */
    private record RowCondition(String marker, RowTable table, String condition) {

        /** The EXISTS, with the copies' conditions when {@code withCopies}. */
        String stated(boolean withCopies, List<Bound> bounds) {
            StringBuilder sql = new StringBuilder("EXISTS (SELECT 1 FROM ").append(table.from()).append(" WHERE ")
                    .append(table.ownerColumn()).append(" = ").append(table.idColumn()).append(" AND ").append(condition);
            if (withCopies) {
                Map<String, String> copies = new HashMap<>(table.copies());
                copies.put(table.idColumn(), table.ownerColumn());
                table.copies().forEach((column, copy) -> sql.append(" AND ").append(copy).append(" = ").append(column));
                for (Bound bound : bounds) {
                    if (copies.keySet().containsAll(bound.columns())) {
                        sql.append(" AND ").append(String.format(bound.template(),
                                bound.columns().stream().map(copies::get).toArray()));
                    }
                }
            }
            return sql.append(")").toString();
        }
    }

    /** A condition {@code template} over the record's {@code columns}, which fill its {@code %s} in order. */
    private record Bound(String template, List<String> columns) {
    }

    /** Conditions to build on; package-private: a resource filter starts from {@link #notDeleted}. */
    SqlConditions() {
    }

    /**
     * Where every query over a resource table starts: the records of the table aliased
     * {@code alias} that are not deleted (deletes are soft, AIP-164). The condition counts: the
     * clause is not {@link #isEmpty()}.
     */
    public static SqlConditions notDeleted(String alias) {
        SqlConditions conditions = new SqlConditions();
        conditions.where.append(" AND ").append(alias).append(".delete_time IS NULL");
        conditions.empty = false;
        return conditions;
    }

    /**
     * Conditions over a table that holds no records, only figures about them (summary counts kept
     * of the live records): nothing to leave out yet, {@link #isEmpty()} until one is added.
     */
    public static SqlConditions overFigures() {
        return new SqlConditions();
    }

    /** Adds {@code condition}, which refers to {@code :parameter}, bound to {@code value}. */
    public SqlConditions add(String condition, String parameter, Object value) {
        otherConditions = true;
        return append(condition, parameter, value);
    }

    /**
     * {@link #add} of a condition that has a covering index: one that leads with the condition's
     * column, goes on in the List's date order (its column, then the id) and INCLUDEs every other
     * column the filter's conditions read but a full-text search vector (delete_time, the date
     * range's end, the columns of the other conditions). See {@link #readsIdsFirst}.
     */
    public SqlConditions addCovered(String condition, String parameter, Object value) {
        coveredCondition = true;
        return add(condition, parameter, value);
    }

    /** {@link #add} of a date range, a row condition or a cursor: what the copies of existsRow can follow. */
    private SqlConditions append(String condition, String parameter, Object value) {
        where.append(" AND ").append(condition);
        parameters.put(parameter, value);
        empty = false;
        return this;
    }

    /** Rows whose {@code column} equals {@code value}; no condition when the value is empty (unset). */
    public SqlConditions equalTo(String column, String parameter, String value) {
        return value.isEmpty() ? this : add(column + " = :" + parameter, parameter, value);
    }

    /**
     * Rows whose {@code column}, an enum stored by its value names, is one of {@code values}; no
     * condition when there are none.
     */
    public SqlConditions anyOf(String column, String parameter, List<? extends Enum<?>> values) {
        return values.isEmpty() ? this
                : add(column + " IN (:" + parameter + ")", parameter, values.stream().map(Enum::name).toList());
    }

    /**
     * Rows whose partial date, stored as its span {@code <columns>_start} .. {@code <columns>_end}
     * (e.g. "i.occurred"), lies within a filter's optional range: it starts on or after the first
     * day of {@code after} and ends on or before the last day of {@code before}, each when set.
     */
    public SqlConditions dateWithin(String columns, boolean hasAfter, Date after, boolean hasBefore, Date before) {
        String parameter = columns.substring(columns.indexOf('.') + 1);
        if (hasAfter) {
            append(columns + "_start >= :" + parameter + "After", parameter + "After", PartialDates.span(after).first());
            bounds.add(new Bound("%s >= :" + parameter + "After", List.of(columns + "_start")));
        }
        if (hasBefore) {
            // Every span column pair is CHECKed start <= end (signed dates: when there is a start), and the
            // services write both columns of a span or neither (PartialDateWithSpan), so the bound on the
            // start follows from the one on the end; stated, it lets a (start, id) order index stop at the
            // range's end instead of walking every later row (issue 12: 9.4 s -> 24 ms at 1M incidents).
            append(columns + "_end <= :" + parameter + "Before AND " + columns + "_start <= :" + parameter + "Before",
                    parameter + "Before", PartialDates.span(before).last());
            bounds.add(new Bound("%s <= :" + parameter + "Before", List.of(columns + "_start")));
        }
        return this;
    }

    /**
     * Whether a filter's optional date range is of whole years: it starts on a year's first day
     * and ends on a year's last, each when set. A partial date then lies within the range exactly
     * when its year does, so counts kept per year can answer it.
     */
    public static boolean isWholeYears(boolean hasAfter, Date after, boolean hasBefore, Date before) {
        return (!hasAfter || MonthDay.from(PartialDates.span(after).first()).equals(FIRST_DAY_OF_YEAR))
                && (!hasBefore || MonthDay.from(PartialDates.span(before).last()).equals(LAST_DAY_OF_YEAR));
    }

    /**
     * Rows whose {@code yearColumn} (a partial date's year, 0 when there is no date) lies within a
     * range of whole years ({@link #isWholeYears}); a row without a date lies in no range, as
     * {@link #dateWithin} has it.
     */
    public SqlConditions yearWithin(String yearColumn, boolean hasAfter, Date after, boolean hasBefore, Date before) {
        String parameter = yearColumn.substring(yearColumn.indexOf('.') + 1);
        if (hasAfter) {
            add(yearColumn + " >= :" + parameter + "After", parameter + "After",
                    PartialDates.span(after).first().getYear());
        }
        if (hasBefore) {
            add(yearColumn + " BETWEEN 1 AND :" + parameter + "Before", parameter + "Before",
                    PartialDates.span(before).last().getYear());
        }
        return this;
    }

    /**
     * A table of the records' rows (one of their collections) as {@link #existsRow} reads it.
     *
     * @param from the table and its alias, e.g. "incident_nationality_casualties vn"
     * @param ownerColumn its column holding the record's id, e.g. "vn.incident_id"
     * @param idColumn the record's id column, e.g. "i.id"
     * @param copies its columns that hold a copy of a record column, by the record's column (e.g.
     *        "i.occurred_start" to "vn.occurred_start"), kept equal by triggers on the live tables
     */
    public record RowTable(String from, String ownerColumn, String idColumn, Map<String, String> copies) {
    }

    /**
     * Rows with a row in {@code table} that {@code condition} (over its alias) selects: an EXISTS.
     *
     * <p>Over the live tables ({@link #overLiveTables}), when the clause has no condition but
     * this one, a date range ({@link #dateWithin}) and a page's cursor ({@link #after}), the
     * condition also states each of the table's copies equal to its record column, and those
     * bounds again on the copies. With an index of the table on the copies in the List's order,
     * PostgreSQL then walks it beside the record's own order index (a merge semi join), from where
     * the page starts, where it looked up each record's rows in turn (issue 12: a page of incidents
     * with Chinese victims 5.5 -> 1.4 ms at 1M incidents; with a date range 20 -> 6.6 ms). With
     * another condition it is the plain EXISTS: PostgreSQL takes the bounds on the copies as
     * independent of the same bounds on the record, underestimates the matches, and chose worse
     * plans (province + date range + Chinese victims 6.0 -> 12.3 ms, at least 15 killed 12.7 -> 20
     * ms), where the other condition's own index serves the page as it did. Elsewhere (PastRecords'
     * restored rows, which no trigger copies into) it is the plain EXISTS too.
     */
    public SqlConditions existsRow(RowTable table, String condition, String parameter, Object value) {
        RowCondition row = new RowCondition("{row" + rowConditions.size() + "}", table, condition);
        rowConditions.add(row);
        return append(row.marker(), parameter, value);
    }

    /**
     * Rows after a page's cursor in the order of {@code column} ({@code descending} or not), ties
     * broken by {@code idColumn} the same way: {@code (column, idColumn) < (:cursorValue,
     * :cursorId)} (or {@code >}), which walks the (column, id) index from the cursor on.
     */
    public SqlConditions after(String column, String idColumn, boolean descending, Object value, String id) {
        append(afterCursor(column, idColumn, descending), "cursorValue", value);
        bounds.add(new Bound(afterCursor("%s", "%s", descending), List.of(column, idColumn)));
        return bind("cursorId", id);
    }

    /** The condition of {@link #after}, its values the parameters {@code :cursorValue} and {@code :cursorId}. */
    public static String afterCursor(String column, String idColumn, boolean descending) {
        // A row-value comparison walks the (column, id) index from the cursor on.
        return "(" + column + ", " + idColumn + ") " + (descending ? "<" : ">") + " (:cursorValue, :cursorId)";
    }

    /**
     * States the {@link #existsRow} conditions with their copies: for statements over the live
     * tables, where triggers keep the copies, not over PastRecords' restored ones.
     */
    public SqlConditions overLiveTables() {
        overLiveTables = true;
        return this;
    }

    /**
     * Rows whose full-text {@code searchVector} column matches {@code query} as a web search
     * ("quoted phrases", -excluded, or), English stemming; no condition when the query is blank.
     */
    public SqlConditions matches(String searchVector, String query) {
        if (query.isBlank()) {
            return this;
        }
        textMatch = searchVector + " @@ websearch_to_tsquery('english', :query)";
        return add(textMatch, "query", query);
    }

    /** Whether a full-text condition was added ({@link #matches}): see {@link TextMatchPlans}. */
    public boolean hasTextMatch() {
        return textMatch != null;
    }

    /** The full-text condition alone, starting with " WHERE"; its parameter is bound by {@link #bindTo}. */
    public String textMatchWhere() {
        return " WHERE " + textMatch;
    }

    /** The clause without its full-text condition, starting with " WHERE". */
    public String whereWithoutTextMatch() {
        return textMatch == null ? where() : where().replace(" AND " + textMatch, "");
    }

    /** Binds one more parameter used by a condition added before. */
    public SqlConditions bind(String parameter, Object value) {
        parameters.put(parameter, value);
        return this;
    }

    /**
     * Whether a page in the date order is best read ids first: the clause has an {@link #addCovered}
     * condition, and no row condition or full-text condition, which the covering index cannot
     * answer. The index then gives the page's ids in an index-only scan, and only the page's own
     * rows are read from the table. In one plain statement PostgreSQL reads every matching row
     * from the table before the sort picks the page, or walks the order index reading each row
     * until the page is full (issue 12, at 1M incidents: at least 15 killed, 2,464 rows on 2,437
     * table pages, 6.1 ms; read ids first 0.9 ms; with an incident type 10.6 -> 2.1 ms; at
     * least 12 killed in one province 14.4 -> 4.7 ms). For a common condition the planner still
     * walks an order index for the ids, and the page pays its rows' key lookups on top: up to
     * about 2 ms more (at least 5 killed: 1.4 -> 2.2-3.3 ms; at least 1: 0.3 -> 1.0-1.5 ms).
     */
    public boolean readsIdsFirst() {
        return coveredCondition && textMatch == null && rowConditions.isEmpty();
    }

    /** Whether no condition was added (the clause matches every row). */
    public boolean isEmpty() {
        return empty;
    }

    /** The clause, starting with " WHERE". */
    public String where() {
        String clause = where.toString();
        for (RowCondition row : rowConditions) {
            clause = clause.replace(row.marker(), row.stated(overLiveTables && !otherConditions, bounds));
        }
        return clause;
    }

    /** The value bound to {@code parameter}; for tests and TextMatchPlans. */
    Object parameter(String parameter) {
        return parameters.get(parameter);
    }

    /** Binds every parameter on the query. */
    public Query bindTo(Query query) {
        parameters.forEach(query::setParameter);
        return query;
    }

    /**
     * {@code sql} (which uses this clause, and refers to its parameters and any bound with
     * {@link #bind}) as a plain JDBC statement on {@code connection}, its parameters bound: each
     * {@code :name} becomes {@code ?}, a list one {@code ?} per item (as {@link #bindTo} expands it).
     */
    public PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        List<Object> values = new ArrayList<>();
        Matcher named = NAMED_PARAMETER.matcher(sql);
        StringBuilder positional = new StringBuilder();
        while (named.find()) {
            if (!parameters.containsKey(named.group(1))) {
                throw new IllegalArgumentException("no value bound to :" + named.group(1));
            }
            Object value = parameters.get(named.group(1));
            if (value instanceof Collection<?> items) {
                named.appendReplacement(positional, String.join(", ", items.stream().map(item -> "?").toList()));
                values.addAll(items);
            } else {
                named.appendReplacement(positional, "?");
                values.add(value);
            }
        }
        named.appendTail(positional);
        PreparedStatement statement = connection.prepareStatement(positional.toString());
        try {
            for (int i = 0; i < values.size(); i++) {
                // The driver takes java.time's OffsetDateTime, not an Instant.
                Object value = values.get(i) instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : values.get(i);
                statement.setObject(i + 1, value);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
