package org.corridorwatch.incidents.repository;

import java.util.List;

import org.corridorwatch.support.persistence.SqlConditions;
import org.corridorwatch.support.persistence.SqlConditions.RowTable;

import org.corridorwatch.api.incidents.v1.IncidentFilter;

/**
 * The WHERE clause of a validated IncidentFilter, over the table alias {@code i}, with its bound
 * parameters. Every value is bound, never concatenated; every condition has an index behind it.
 */
public final class IncidentSqlFilter {

    /**
     * The incidents' nationality rows, with the copies of their incident's columns that V13's
     * triggers keep, indexed under each nationality in the List's order, by killed_best (V13), by
     * status, type, province and country and by affected deal (V15): a page with a victim
     * nationality is read from them (SqlConditions.readsFromRows).
     */
    private static final RowTable NATIONALITIES = new RowTable("incident_nationality_casualties vn",
            "vn.incident_id", "i.id", List.of("occurred_start", "occurred_end", "killed_best", "delete_time",
                    "place_country_code", "place_province", "incident_type", "status", "affected_deal"));

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
            sql.addOn("i.place_province", "lower(%s) = lower(:province)", "province", filter.getProvince().strip());
        }
        if (!filter.getVictimNationality().isEmpty()) {
            sql.existsRow(NATIONALITIES, "vn.country_code = :victimNationality", "victimNationality",
                    filter.getVictimNationality());
        }
        if (filter.getMinKilled() > 0) {
            // Covered by V12's index: a page of it (with conditions on other columns) reads its ids first;
            // with a victim nationality, from the nationality rows' copy (V13).
            sql.atLeastCovered("i.killed_best", "minKilled", filter.getMinKilled());
        }
        return sql.matches("i.search_vector", filter.getQuery());
    }
}
