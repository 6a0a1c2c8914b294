package org.corridorwatch.incidents.repository;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;

import org.corridorwatch.incidents.domain.IncidentEntity;
import org.corridorwatch.support.persistence.SqlConditions;
import org.corridorwatch.support.resources.ResourceRepository;

import org.corridorwatch.api.incidents.v1.IncidentFilter;
import org.corridorwatch.api.incidents.v1.IncidentGrouping;

/** Stored incidents: the standard lookups (ResourceRepository) and aggregate summaries, in PostgreSQL. */
@ApplicationScoped
public class IncidentRepository implements ResourceRepository<IncidentEntity> {

    /** One group of a summary. */
    public record GroupTotals(String key, long incidentCount, long killed, long injured) {
    }

    /** The totals over every incident matching the filter, and per group, ordered by group key. */
    public record Summary(GroupTotals total, List<GroupTotals> groups) {
    }

    /**
     * The total and the groups in one statement (one round trip, one snapshot). Read from the
     * summary counts when they can answer ({@link IncidentSummaryCounts}: {@code now}, and a filter
     * of the fields they are kept by); otherwise from the incidents themselves. By year, province
     * or type a GROUPING SETS query reads the matching rows once; by victim nationality the total
     * counts incidents and the groups count casualty rows, so they are two branches of a UNION ALL,
     * and without a filter the groups read only the casualty rows, not the incidents.
     *
     * @param now whether the summary is of the incidents now, not as they stood at a read_time (the
     *        counts are of the live rows only; PastRecords puts past rows in place of the incidents)
     */
    public Summary summarize(IncidentFilter filter, IncidentGrouping grouping, boolean now) {
        if (now && IncidentSummaryCounts.canAnswer(filter)) {
            SqlConditions counts = IncidentSummaryCounts.conditions(filter);
            return summary(totals(IncidentSummaryCounts.statement(filter, grouping, counts), counts));
        }
        SqlConditions sql = IncidentSqlFilter.of(filter);
        String statement = switch (grouping) {
            case INCIDENT_GROUPING_YEAR -> groupingSets("i.occurred_year::text", sql);
            case INCIDENT_GROUPING_PROVINCE -> groupingSets("i.place_province", sql);
            case INCIDENT_GROUPING_INCIDENT_TYPE -> groupingSets("i.incident_type", sql);
            case INCIDENT_GROUPING_VICTIM_NATIONALITY -> "SELECT NULL::text, count(*), coalesce(sum(i.killed_best), 0),"
                    + " coalesce(sum(i.injured_best), 0), 1 FROM incidents i" + sql.where()
                    + " UNION ALL SELECT n.country_code::text, count(DISTINCT n.incident_id), sum(n.killed),"
                    + " sum(n.injured), 0 FROM incident_nationality_casualties n"
                    + (sql.isEmpty() ? "" : " WHERE n.incident_id IN (SELECT i.id FROM incidents i" + sql.where() + ")")
                    + " GROUP BY 1 ORDER BY 5 DESC, 1";
            default -> throw new IllegalArgumentException("Unsupported grouping " + grouping);
        };
        return summary(totals(statement, sql));
    }

    private static Summary summary(List<GroupTotals> rows) {
        // The first row is the total (GROUPING() = 1, or the UNION's first branch): always there.
        return new Summary(rows.get(0), rows.subList(1, rows.size()));
    }

    /** The groups by {@code key} and, in the same scan, the grand total (the empty grouping set). */
    private static String groupingSets(String key, SqlConditions sql) {
        return "SELECT " + key + ", count(*), coalesce(sum(i.killed_best), 0), coalesce(sum(i.injured_best), 0),"
                + " GROUPING(" + key + ") FROM incidents i" + sql.where() + " GROUP BY GROUPING SETS ((" + key
                + "), ()) ORDER BY 5 DESC, 1";
    }

    @SuppressWarnings("unchecked")
    private List<GroupTotals> totals(String statement, SqlConditions sql) {
        Query query = sql.bindTo(getEntityManager().createNativeQuery(statement));
        List<GroupTotals> groups = new ArrayList<>();
        for (Object[] row : (List<Object[]>) query.getResultList()) {
            String key = row[0] == null ? "" : (String) row[0];
            groups.add(new GroupTotals(key, ((Number) row[1]).longValue(), ((Number) row[2]).longValue(),
                    ((Number) row[3]).longValue()));
        }
        return groups;
    }
}
