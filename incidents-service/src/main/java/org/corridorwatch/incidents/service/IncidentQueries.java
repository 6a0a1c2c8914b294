package org.corridorwatch.incidents.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.corridorwatch.api.incidents.v1.IncidentGroupSummary;
import org.corridorwatch.api.incidents.v1.SummarizeIncidentsRequest;
import org.corridorwatch.api.incidents.v1.SummarizeIncidentsResponse;
import org.corridorwatch.incidents.repository.IncidentRepository;
import org.corridorwatch.incidents.repository.IncidentRepository.GroupTotals;
import org.corridorwatch.incidents.repository.IncidentRepository.Summary;
import org.corridorwatch.support.validation.Violations;

/** Incidents' own reads: summaries. The standard methods are {@link IncidentResource}'s. */
@ApplicationScoped
public class IncidentQueries {

    private final IncidentResource resource;
    private final IncidentRepository incidents;

    public IncidentQueries(IncidentResource resource, IncidentRepository incidents) {
        this.resource = resource;
        this.incidents = incidents;
    }

    /**
     * The total and the groups come from one statement, so they agree while incidents are written;
     * now, or as the incidents stood at the request's read_time.
     */
    public SummarizeIncidentsResponse summarize(SummarizeIncidentsRequest request) {
        Violations violations = new Violations();
        IncidentValidator.validateFilter(request.getFilter(), "filter", violations);
        violations.enumValue("group_by", request.getGroupBy(), true);
        Instant readTime = resource.readTime(request, violations);
        violations.throwIfAny();

        return resource.snapshotAt(readTime, () -> {
            Summary summary = incidents.summarize(request.getFilter(), request.getGroupBy(), readTime == null);
            SummarizeIncidentsResponse.Builder response = SummarizeIncidentsResponse.newBuilder()
                    .setTotal(summary(summary.total()));
            summary.groups().stream().map(IncidentQueries::summary).forEach(response::addGroups);
            return response.build();
        });
    }

    private static IncidentGroupSummary summary(GroupTotals totals) {
        return IncidentGroupSummary.newBuilder().setKey(totals.key()).setIncidentCount(totals.incidentCount())
                .setKilled(totals.killed()).setInjured(totals.injured()).build();
    }
}
