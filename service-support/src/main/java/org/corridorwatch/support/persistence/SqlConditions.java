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
            add(columns + "_start >= :" + parameter + "After", parameter + "After", PartialDates.span(after).first());
        }
        if (hasBefore) {
            // Every span column pair is CHECKed start <= end (signed dates: when there is a start), and the
            // services write both columns of a span or neither (PartialDateWithSpan), so the bound on the
            // start follows from the one on the end; stated, it lets a (start, id) order index stop at the
            // range's end instead of walking every later row (issue 12: 9.4 s -> 24 ms at 1M incidents).
            add(columns + "_end <= :" + parameter + "Before AND " + columns + "_start <= :" + parameter + "Before",
                    parameter + "Before", PartialDates.span(before).last());
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

    /** Whether no condition was added (the clause matches every row). */
    public boolean isEmpty() {
        return empty;
    }

    /** The clause, starting with " WHERE". */
    public String where() {
        return where.toString();
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
