package org.corridorwatch.support.persistence;

import java.util.HashMap;
import java.util.Map;

import jakarta.persistence.Query;

/**
 * A WHERE clause built from conditions ANDed together, with their bound parameters. Values are
 * always bound as parameters, never concatenated into the SQL.
 */
public final class SqlConditions {

    private final StringBuilder where = new StringBuilder(" WHERE TRUE");
    private final Map<String, Object> parameters = new HashMap<>();
    private boolean empty = true;

    /** Adds {@code condition}, which refers to {@code :parameter}, bound to {@code value}. */
    public SqlConditions add(String condition, String parameter, Object value) {
        where.append(" AND ").append(condition);
        parameters.put(parameter, value);
        empty = false;
        return this;
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

    /** Binds every parameter on the query. */
    public Query bindTo(Query query) {
        parameters.forEach(query::setParameter);
        return query;
    }
}
