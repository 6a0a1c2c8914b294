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

    /** Totals over every incident matching the filter. */
    public GroupTotals total(IncidentFilter filter) {
        SqlConditions sql = IncidentSqlFilter.of(filter);
        List<GroupTotals> rows = totals("SELECT '', count(*), coalesce(sum(i.killed_best), 0),"
                + " coalesce(sum(i.injured_best), 0) FROM incidents i" + sql.where(), sql);
        return rows.get(0);
    }

    /** Totals per group, ordered by group key. */
    public List<GroupTotals> summarize(IncidentFilter filter, IncidentGrouping grouping) {
        SqlConditions sql = IncidentSqlFilter.of(filter);
        String select = switch (grouping) {
            case INCIDENT_GROUPING_YEAR -> "SELECT i.occurred_year::text, count(*), sum(i.killed_best),"
                    + " sum(i.injured_best) FROM incidents i";
            case INCIDENT_GROUPING_PROVINCE -> "SELECT i.place_province, count(*), sum(i.killed_best),"
                    + " sum(i.injured_best) FROM incidents i";
            case INCIDENT_GROUPING_INCIDENT_TYPE -> "SELECT i.incident_type, count(*), sum(i.killed_best),"
                    + " sum(i.injured_best) FROM incidents i";
            case INCIDENT_GROUPING_VICTIM_NATIONALITY -> "SELECT n.country_code::text, count(DISTINCT i.id),"
                    + " sum(n.killed), sum(n.injured) FROM incidents i"
                    + " JOIN incident_nationality_casualties n ON n.incident_id = i.id";
            default -> throw new IllegalArgumentException("Unsupported grouping " + grouping);
        };
        return totals(select + sql.where() + " GROUP BY 1 ORDER BY 1", sql);
    }

    @SuppressWarnings("unchecked")
    private List<GroupTotals> totals(String statement, SqlConditions sql) {
        Query query = sql.bindTo(getEntityManager().createNativeQuery(statement));
        List<GroupTotals> groups = new ArrayList<>();
        for (Object[] row : (List<Object[]>) query.getResultList()) {
            groups.add(new GroupTotals((String) row[0], ((Number) row[1]).longValue(), ((Number) row[2]).longValue(),
                    ((Number) row[3]).longValue()));
        }
        return groups;
    }
}
