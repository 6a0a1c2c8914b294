package org.corridorwatch.incidents.repository;

import org.corridorwatch.support.persistence.SqlConditions;
import org.corridorwatch.support.validation.PartialDates;

import org.corridorwatch.api.incidents.v1.IncidentFilter;

/**
 * The WHERE clause of a validated IncidentFilter, over the table alias {@code i}, with its bound
 * parameters. Every value is bound, never concatenated; every condition has an index behind it.
 */
public final class IncidentSqlFilter {

    private IncidentSqlFilter() {
    }

    public static SqlConditions of(IncidentFilter filter) {
        SqlConditions sql = new SqlConditions();
        if (filter.hasOccurredAfter()) {
            sql.add("i.occurred_start >= :occurredAfter", "occurredAfter",
                    PartialDates.span(filter.getOccurredAfter()).first());
        }
        if (filter.hasOccurredBefore()) {
            // occurred_start <= occurred_end (CHECK), so the bound on the start follows from the one on the
            // end; stated, it lets the keyset order's (occurred_start, id) index stop at the range's end
            // instead of walking every later row.
            sql.add("i.occurred_end <= :occurredBefore AND i.occurred_start <= :occurredBefore", "occurredBefore",
                    PartialDates.span(filter.getOccurredBefore()).last());
        }
        if (!filter.getProvince().isBlank()) {
            sql.add("lower(i.place_province) = lower(:province)", "province", filter.getProvince().strip());
        }
        if (!filter.getCountryCode().isEmpty()) {
            sql.add("i.place_country_code = :countryCode", "countryCode", filter.getCountryCode());
        }
        if (filter.getIncidentTypesCount() > 0) {
            sql.add("i.incident_type IN (:incidentTypes)", "incidentTypes",
                    filter.getIncidentTypesList().stream().map(Enum::name).toList());
        }
        if (filter.getStatusesCount() > 0) {
            sql.add("i.status IN (:statuses)", "statuses", filter.getStatusesList().stream().map(Enum::name).toList());
        }
        if (!filter.getVictimNationality().isEmpty()) {
            sql.add("EXISTS (SELECT 1 FROM incident_nationality_casualties vn"
                    + " WHERE vn.incident_id = i.id AND vn.country_code = :victimNationality)",
                    "victimNationality", filter.getVictimNationality());
        }
        if (filter.getMinKilled() > 0) {
            sql.add("i.killed_best >= :minKilled", "minKilled", filter.getMinKilled());
        }
        if (!filter.getAffectedDeal().isEmpty()) {
            sql.add("i.affected_deal = :affectedDeal", "affectedDeal", filter.getAffectedDeal());
        }
        if (!filter.getQuery().isBlank()) {
            sql.add("i.search_vector @@ websearch_to_tsquery('english', :query)", "query", filter.getQuery());
        }
        return sql;
    }
}
