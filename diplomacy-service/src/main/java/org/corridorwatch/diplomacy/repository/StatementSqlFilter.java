package org.corridorwatch.diplomacy.repository;

import org.corridorwatch.support.persistence.SqlConditions;

import org.corridorwatch.api.diplomacy.v1.StatementFilter;

/**
 * The WHERE clause of a validated StatementFilter, over the table alias {@code s}, with its bound
 * parameters. Every value is bound, never concatenated; every condition has an index behind it.
 */
public final class StatementSqlFilter {

    private StatementSqlFilter() {
    }

    public static SqlConditions of(StatementFilter filter) {
        SqlConditions sql = SqlConditions.notDeleted("s")
                .equalTo("s.country_code", "countryCode", filter.getCountryCode())
                .anyOf("s.kind", "kinds", filter.getKindsList())
                .dateWithin("s.statement", filter.hasStatementAfter(), filter.getStatementAfter(),
                        filter.hasStatementBefore(), filter.getStatementBefore());
        if (!filter.getSpeaker().isBlank()) {
            sql.add("s.speaker <> '' AND lower(s.speaker) = lower(:speaker)", "speaker", filter.getSpeaker().strip());
        }
        if (!filter.getOrganization().isBlank()) {
            sql.add("s.organization <> '' AND lower(s.organization) = lower(:organization)", "organization",
                    filter.getOrganization().strip());
        }
        // Topic and stance together mean the stance toward that topic: one row must match both.
        if (!filter.getTopic().isEmpty() && filter.getStancesCount() > 0) {
            sql.add("EXISTS (SELECT 1 FROM statement_topics t WHERE t.statement_id = s.id AND t.topic = :topic"
                    + " AND t.stance IN (:stances))", "topic", filter.getTopic());
            sql.bind("stances", filter.getStancesList().stream().map(Enum::name).toList());
        } else if (!filter.getTopic().isEmpty()) {
            sql.add("EXISTS (SELECT 1 FROM statement_topics t WHERE t.statement_id = s.id AND t.topic = :topic)",
                    "topic", filter.getTopic());
        } else if (filter.getStancesCount() > 0) {
            sql.add("EXISTS (SELECT 1 FROM statement_topics t WHERE t.statement_id = s.id"
                    + " AND t.stance IN (:stances))", "stances", filter.getStancesList().stream().map(Enum::name).toList());
        }
        if (!filter.getIncident().isEmpty()) {
            sql.add("EXISTS (SELECT 1 FROM statement_incidents r WHERE r.statement_id = s.id AND r.incident = :incident)",
                    "incident", filter.getIncident());
        }
        if (!filter.getDeal().isEmpty()) {
            sql.add("EXISTS (SELECT 1 FROM statement_deals r WHERE r.statement_id = s.id AND r.deal = :deal)", "deal",
                    filter.getDeal());
        }
        return sql;
    }
}
