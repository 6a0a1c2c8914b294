package org.corridorwatch.incidents.repository;

import org.corridorwatch.support.persistence.SqlConditions;

import org.corridorwatch.api.incidents.v1.IncidentFilter;
import org.corridorwatch.api.incidents.v1.IncidentGrouping;

/**
 * SummarizeIncidents read from the summary counts (migration V7): the live incidents counted per
 * year, province, country, type and status, and per victim nationality too, kept by triggers in
 * every writing transaction. A summary costs a few thousand count rows instead of a scan of every
 * matching incident, and is exactly what the scan gives, since a snapshot sees the counts and the
 * incidents as of the same commits.
 *
 * <p>The counts answer a filter made only of the fields they are kept by: province, country, types,
 * statuses, victim nationality, min_killed (the counts are kept per killed_best too, migration
 * V8), and a date range of whole years (after a year's first day, before a year's last: an
 * incident lies within such a range exactly when its year does). Victim nationality as the filter
 * and the grouping at once reads the counts of pairs of nationalities (migration V9). Anything else
 * (text, affected_deal, a range that starts or ends within a year; a read_time) is answered by the
 * scan in {@link IncidentRepository}.
 */
final class IncidentSummaryCounts {

    private IncidentSummaryCounts() {
    }

    static boolean canAnswer(IncidentFilter filter) {
        return filter.getQuery().isBlank() && filter.getAffectedDeal().isEmpty()
                && SqlConditions.isWholeYears(filter.hasOccurredAfter(), filter.getOccurredAfter(),
                        filter.hasOccurredBefore(), filter.getOccurredBefore());
    }

    /**
     * The filter over the counts aliased {@code c}; a victim nationality is a condition on the
     * nationality counts, which the statement then reads instead.
     */
    static SqlConditions conditions(IncidentFilter filter) {
        SqlConditions sql = SqlConditions.overFigures()
                .equalTo("c.place_country_code", "countryCode", filter.getCountryCode())
                .anyOf("c.incident_type", "incidentTypes", filter.getIncidentTypesList())
                .anyOf("c.status", "statuses", filter.getStatusesList())
                .equalTo("c.country_code", "victimNationality", filter.getVictimNationality())
                .yearWithin("c.occurred_year", filter.hasOccurredAfter(), filter.getOccurredAfter(),
                        filter.hasOccurredBefore(), filter.getOccurredBefore());
        if (filter.getMinKilled() > 0) {
            sql.add("c.killed_best >= :minKilled", "minKilled", filter.getMinKilled());
        }
        if (!filter.getProvince().isBlank()) {
            sql.add("lower(c.place_province) = lower(:province)", "province", filter.getProvince().strip());
        }
        return sql;
    }

    /**
     * The statement, rows shaped as the scan's (key, incidents, killed, injured, 1 for the total),
     * the total first. A group whose incidents have all gone keeps a count row of zeros: left out.
     */
    static String statement(IncidentFilter filter, IncidentGrouping grouping, SqlConditions sql) {
        boolean ofANationality = !filter.getVictimNationality().isEmpty();
        // With a victim nationality filter: the incidents that list its victims, with all their victims.
        String source = (ofANationality ? " FROM incident_nationality_summary_counts c"
                : " FROM incident_summary_counts c") + sql.where();
        String figures = ofANationality ? figures("incidents_killed", "incidents_injured")
                : figures("killed", "injured");
        return switch (grouping) {
            case INCIDENT_GROUPING_YEAR -> groupingSets("c.occurred_year::text", figures, source);
            case INCIDENT_GROUPING_PROVINCE -> groupingSets("c.place_province", figures, source);
            case INCIDENT_GROUPING_INCIDENT_TYPE -> groupingSets("c.incident_type", figures, source);
            // The total counts incidents; each group a nationality's victims in them. Filtered by a
            // nationality, its own group is in the nationality counts, the others in the pair counts.
            case INCIDENT_GROUPING_VICTIM_NATIONALITY -> "SELECT NULL::text, " + figures + ", 1" + source
                    + " UNION ALL " + nationalityGroups("c.country_code", "incident_nationality_summary_counts", sql)
                    + (ofANationality ? " UNION ALL " + nationalityGroups("c.with_country_code",
                            "incident_nationality_pair_summary_counts", sql) : "")
                    + " ORDER BY 5 DESC, 1";
            default -> throw new IllegalArgumentException("Unsupported grouping " + grouping);
        };
    }

    private static String nationalityGroups(String key, String counts, SqlConditions sql) {
        return "SELECT " + key + "::text, " + figures("victims_killed", "victims_injured") + ", 0 FROM " + counts + " c"
                + sql.where() + " GROUP BY 1 HAVING sum(c.incidents) > 0";
    }

    private static String figures(String killed, String injured) {
        return "coalesce(sum(c.incidents), 0), coalesce(sum(c." + killed + "), 0), coalesce(sum(c." + injured + "), 0)";
    }

    private static String groupingSets(String key, String figures, String source) {
        return "SELECT " + key + ", " + figures + ", GROUPING(" + key + ")" + source + " GROUP BY GROUPING SETS (("
                + key + "), ()) HAVING GROUPING(" + key + ") = 1 OR sum(c.incidents) > 0 ORDER BY 5 DESC, 1";
    }
}
