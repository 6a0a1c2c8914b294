package org.corridorwatch.incidents.repository;

import org.corridorwatch.support.persistence.SqlConditions;

import org.corridorwatch.api.incidents.v1.IncidentFilter;

/**
 * The WHERE clause of a validated IncidentFilter, over the table alias {@code i}, with its bound
 * parameters. Every value is bound, never concatenated; every condition has an index behind it.
 */
public final class IncidentSqlFilter {

    private IncidentSqlFilter() {
    }

    public static SqlConditions of(IncidentFilter filter) {
        SqlConditions sql = SqlConditions.notDeleted("i")
                .dateWithin("i.occurred", filter.hasOccurredAfter(), filter.getOccurredAfter(),
                        filter.hasOccurredBefore(), filter.getOccurredBefore())
                .equalTo("i.place_country_code", "countryCode", filter.getCountryCode())
                .anyOf("i.incident_type", "incidentTypes", filter.getIncidentTypesList())
                .anyOf("i.status", "statuses", filter.getStatusesList())
                .equalTo("i.affected_deal", "affectedDeal", filter.getAffectedDeal());
        if (!filter.getProvince().isBlank()) {
            sql.add("lower(i.place_province) = lower(:province)", "province", filter.getProvince().strip());
        }
        if (!filter.getVictimNationality().isEmpty()) {
            sql.add("EXISTS (SELECT 1 FROM incident_nationality_casualties vn"
                    + " WHERE vn.incident_id = i.id AND vn.country_code = :victimNationality)",
                    "victimNationality", filter.getVictimNationality());
        }
        if (filter.getMinKilled() > 0) {
            sql.add("i.killed_best >= :minKilled", "minKilled", filter.getMinKilled());
        }
        return sql.matches("i.search_vector", filter.getQuery());
    }
}
