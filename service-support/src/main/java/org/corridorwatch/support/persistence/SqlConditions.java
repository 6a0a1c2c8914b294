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
    /** Whether a condition was added other than a {@link Bound} and a row condition. */
    private boolean otherConditions;
    /** Whether an {@link #atLeastCovered} condition was added. */
    private boolean coveredCondition;

    /** A condition of existsRow, and the marker that stands for it in {@link #where} until it is stated. */
    private record RowCondition(String marker, RowTable table, String condition) {

        String exists() {
            return "EXISTS (SELECT 1 FROM " + table.from() + " WHERE " + table.ownerColumn() + " = " + table.idColumn()
                    + " AND " + condition + ")";
        }
    }

    /**
     * A condition {@code template} over the record's {@code columns}, which fill its {@code %s} in
     * order: one a row table's copies of the columns can state again ({@link #readsFromRows}).
     */
    private record Bound(String template, List<String> columns) {

        /** The condition over the record's columns. */
        String stated() {
            return String.format(template, columns.toArray());
        }

        /** The condition over other names of the columns (a row table's copies), by the record's column. */
        String over(Map<String, String> columnNames) {
            return String.format(template, columns.stream().map(columnNames::get).toArray());
        }
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
        return new SqlConditions().bound("%s IS NULL", List.of(alias + ".delete_time"), null, null);
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
     * Rows whose {@code column} is at least {@code value}, a condition that has a covering index:
     * one that leads with the column, goes on in the List's date order (its column, then the id)
     * and INCLUDEs every other column the filter's conditions read but a full-text search vector
     * (delete_time, the date range's end, the columns of the other conditions). See
     * {@link #readsIdsFirst}; a row table's copy of the column follows it ({@link #readsFromRows}).
     */
    public SqlConditions atLeastCovered(String column, String parameter, Object value) {
        coveredCondition = true;
        return bound("%s >= :" + parameter, List.of(column), parameter, value);
    }

    /**
     * Adds the condition {@code template} over {@code columns} (a {@link Bound}: a not-deleted
     * record, a date range, a value of a column, a cursor), its parameter bound unless null.
     */
    private SqlConditions bound(String template, List<String> columns, String parameter, Object value) {
        Bound bound = new Bound(template, columns);
        bounds.add(bound);
        return append(bound.stated(), parameter, value);
    }

    /** Adds {@code condition}; its parameter bound unless null. */
    private SqlConditions append(String condition, String parameter, Object value) {
        where.append(" AND ").append(condition);
        if (parameter != null) {
            parameters.put(parameter, value);
        }
        empty = false;
        return this;
    }

    /**
     * Adds the condition {@code template} over {@code column} (its {@code %s}), which refers to
     * {@code :parameter}, bound to {@code value}: one a row table's copy of the column can state
     * again ({@link #readsFromRows}), where {@link #add}'s cannot.
     */
    public SqlConditions addOn(String column, String template, String parameter, Object value) {
        return bound(template, List.of(column), parameter, value);
    }

    /** Rows whose {@code column} equals {@code value}; no condition when the value is empty (unset). */
    public SqlConditions equalTo(String column, String parameter, String value) {
        return value.isEmpty() ? this : addOn(column, "%s = :" + parameter, parameter, value);
    }

    /**
     * Rows whose {@code column}, an enum stored by its value names, is one of {@code values}; no
     * condition when there are none.
     */
    public SqlConditions anyOf(String column, String parameter, List<? extends Enum<?>> values) {
        return values.isEmpty() ? this
                : addOn(column, "%s IN (:" + parameter + ")", parameter, values.stream().map(Enum::name).toList());
    }

    /**
     * Rows whose partial date, stored as its span {@code <columns>_start} .. {@code <columns>_end}
     * (e.g. "i.occurred"), lies within a filter's optional range: it starts on or after the first
     * day of {@code after} and ends on or before the last day of {@code before}, each when set.
     */
    public SqlConditions dateWithin(String columns, boolean hasAfter, Date after, boolean hasBefore, Date before) {
        String parameter = columns.substring(columns.indexOf('.') + 1);
        if (hasAfter) {
            bound("%s >= :" + parameter + "After", List.of(columns + "_start"), parameter + "After",
                    PartialDates.span(after).first());
        }
        if (hasBefore) {
            // Every span column pair is CHECKed start <= end (signed dates: when there is a start), and the
            // services write both columns of a span or neither (PartialDateWithSpan), so the bound on the
            // start follows from the one on the end; stated, it lets a (start, id) order index stop at the
            // range's end instead of walking every later row (issue 12: 9.4 s -> 24 ms at 1M incidents).
            bound("%s <= :" + parameter + "Before AND %s <= :" + parameter + "Before",
                    List.of(columns + "_end", columns + "_start"), parameter + "Before", PartialDates.span(before).last());
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
     * @param copiedColumns the record's columns of which each of its rows holds a copy under the
     *        same name (e.g. "occurred_start": "vn.occurred_start" of "i.occurred_start"), kept
     *        equal by triggers on the live tables
     */
    public record RowTable(String from, String ownerColumn, String idColumn, List<String> copiedColumns) {
    }

    /**
     * Rows with a row in {@code table} that {@code condition} (over its alias) selects: an EXISTS.
     * A page of the live records in the date order may instead read the rows first: see
     * {@link #readsFromRows}.
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
        return bound(afterCursor("%s", "%s", descending), List.of(column, idColumn), "cursorValue", value)
                .bind("cursorId", id);
    }

    /** The condition of {@link #after}, its values the parameters {@code :cursorValue} and {@code :cursorId}. */
    public static String afterCursor(String column, String idColumn, boolean descending) {
        // A row-value comparison walks the (column, id) index from the cursor on.
        return "(" + column + ", " + idColumn + ") " + (descending ? "<" : ">") + " (:cursorValue, :cursorId)";
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
     * Whether a page in the date order is best read ids first: the clause has an {@link #atLeastCovered}
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

    /**
     * Whether a page in the order of {@code orderColumn} (then the id) is best read from the rows of
     * its one row condition ({@link #existsRow}): the clause has no other condition but
     * {@link Bound}s (the record not deleted, a date range, the conditions of {@link #addOn} and
     * the methods that use it, the cursor: not {@link #add}'s, nor a full-text one), and the row
     * table holds a copy of every column they and the order read. The rows alone then
     * select the page's ids, in an index-only scan of an index of the row table in the order (or
     * of one leading with a copied bound, sorted), and only the page's own records are read.
     *
     * <p>The plain statement walks the record's order index and looks up each record's rows, and
     * with a rare other condition PostgreSQL takes the two as independent: at 1M incidents, a page
     * of incidents with Chinese victims and at least 10 killed walked 57,586 incidents (426 ms), at
     * least 8 took 166-270 ms; read from the rows, every threshold 0..15 takes 1.2-3.6 ms, Chinese
     * victims alone 2.0 ms, with a six-month range 2.5 ms (issue 12). Only over the live tables,
     * where triggers keep the copies: not over PastRecords' restored rows.
     */
    public boolean readsFromRows(String orderColumn) {
        if (rowConditions.size() != 1 || otherConditions) {
            return false;
        }
        Map<String, String> copies = copiesOf(rowConditions.get(0).table());
        return copies.containsKey(orderColumn)
                && bounds.stream().allMatch(bound -> copies.keySet().containsAll(bound.columns()));
    }

    /**
     * The page's statement read that way ({@link #readsFromRows}): the page's ids, from the row
     * table's rows that the row condition and every bound on their copies select, distinct, in
     * the order (the copy of {@code orderColumn}, then the owner's id; {@code descending} or not),
     * up to the limit; then those records, in the order, every condition but the row one stated
     * again on their own columns.
     *
     * @param select the select list, over the records' alias
     * @param from the records' table and its alias, e.g. "incidents i"
     */
    public String readFromRows(String select, String from, String orderColumn, boolean descending) {
        RowCondition row = rowConditions.get(0);
        RowTable table = row.table();
        Map<String, String> copies = copiesOf(table);
        StringBuilder rows = new StringBuilder("SELECT DISTINCT ").append(copies.get(orderColumn)).append(", ")
                .append(table.ownerColumn()).append(" FROM ").append(table.from()).append(" WHERE ")
                .append(row.condition());
        bounds.forEach(bound -> rows.append(" AND ").append(bound.over(copies)));
        rows.append(orderBy(copies.get(orderColumn), table.ownerColumn(), descending)).append(" LIMIT :limit");
        String owner = table.ownerColumn().substring(table.ownerColumn().indexOf('.') + 1);
        return "SELECT " + select + " FROM " + from + where.toString().replace(row.marker(), "TRUE") + " AND "
                + table.idColumn() + " IN (SELECT page_rows." + owner + " FROM (" + rows + ") page_rows)"
                + orderBy(orderColumn, table.idColumn(), descending);
    }

    /** The row table's copies by the record's column, its owner column as the record's id. */
    private static Map<String, String> copiesOf(RowTable table) {
        String recordAlias = table.idColumn().substring(0, table.idColumn().indexOf('.') + 1);
        String rowAlias = table.from().substring(table.from().lastIndexOf(' ') + 1) + ".";
        Map<String, String> copies = new HashMap<>();
        table.copiedColumns().forEach(column -> copies.put(recordAlias + column, rowAlias + column));
        copies.put(table.idColumn(), table.ownerColumn());
        return copies;
    }

    /** {@code ORDER BY column, idColumn}, both descending or not. */
    public static String orderBy(String column, String idColumn, boolean descending) {
        String direction = descending ? " DESC" : " ASC";
        return " ORDER BY " + column + direction + ", " + idColumn + direction;
    }

    /** The clause, starting with " WHERE". */
    public String where() {
        String clause = where.toString();
        for (RowCondition row : rowConditions) {
            clause = clause.replace(row.marker(), row.exists());
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
