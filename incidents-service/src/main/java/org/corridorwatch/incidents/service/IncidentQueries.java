package org.corridorwatch.incidents.service;


import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.corridorwatch.incidents.domain.IncidentEntity;
import org.corridorwatch.incidents.mapping.IncidentMapper;
import org.corridorwatch.incidents.repository.IncidentOrder;
import org.corridorwatch.incidents.repository.IncidentRepository;
import org.corridorwatch.incidents.repository.IncidentRepository.GroupTotals;
import org.corridorwatch.support.errors.ResourceException;
import org.corridorwatch.support.persistence.BatchGets;
import org.corridorwatch.support.paging.KeysetOrder;
import org.corridorwatch.support.paging.KeysetPages;
import org.corridorwatch.support.paging.KeysetPages.Page;
import org.corridorwatch.support.paging.PageSizes;
import org.corridorwatch.support.validation.ResourceNames;
import org.corridorwatch.support.validation.Violations;

import org.corridorwatch.api.incidents.v1.BatchGetIncidentsRequest;
import org.corridorwatch.api.incidents.v1.BatchGetIncidentsResponse;
import org.corridorwatch.api.incidents.v1.GetIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentGroupSummary;
import org.corridorwatch.api.incidents.v1.ListIncidentsRequest;
import org.corridorwatch.api.incidents.v1.ListIncidentsResponse;
import org.corridorwatch.api.incidents.v1.SummarizeIncidentsRequest;
import org.corridorwatch.api.incidents.v1.SummarizeIncidentsResponse;

/** Reading incidents: get, batch get, list with filters and keyset pages, summaries. */
@ApplicationScoped
public class IncidentQueries {

    static final String RESOURCE_TYPE = "corridorwatch.org/Incident";
    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 1000;

    private final IncidentRepository incidents;

    public IncidentQueries(IncidentRepository incidents) {
        this.incidents = incidents;
    }

    @Transactional
    public Incident get(GetIncidentRequest request) {
        Violations violations = new Violations();
        String id = ResourceNames.parse(IncidentMapper.COLLECTION, request.getName(), "name", violations);
        violations.throwIfAny();
        return incidents.findByIdOptional(id).map(IncidentMapper::toProto)
                .orElseThrow(() -> ResourceException.notFound(RESOURCE_TYPE, request.getName()));
    }

    @Transactional
    public BatchGetIncidentsResponse batchGet(BatchGetIncidentsRequest request) {
        return BatchGetIncidentsResponse.newBuilder().addAllIncidents(BatchGets.get(request.getNamesList(), IncidentMapper.COLLECTION,
                RESOURCE_TYPE, incidents::findExisting, IncidentMapper::toProto)).build();
    }

    @Transactional
    public ListIncidentsResponse list(ListIncidentsRequest request) {
        Violations violations = new Violations();
        IncidentValidator.validateFilter(request.getFilter(), "filter", violations);
        KeysetOrder order = KeysetOrder.parse(request.getOrderBy(), IncidentOrder.ORDERINGS, "order_by", violations);
        int pageSize = PageSizes.resolve(request.getPageSize(), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, "page_size",
                violations);
        Page<IncidentEntity> page = KeysetPages.read(order, request.toBuilder().clearPageToken().clearPageSize()
                .build(), request.getPageToken(), pageSize, violations,
                (after, limit) -> incidents.findPage(request.getFilter(), order, after, limit), e -> e.occurredStart);
        ListIncidentsResponse.Builder response = ListIncidentsResponse.newBuilder()
                .setNextPageToken(page.nextPageToken());
        page.rows().stream().map(IncidentMapper::toProto).forEach(response::addIncidents);
        return response.build();
    }

    @Transactional
    public SummarizeIncidentsResponse summarize(SummarizeIncidentsRequest request) {
        Violations violations = new Violations();
        IncidentValidator.validateFilter(request.getFilter(), "filter", violations);
        violations.enumValue("group_by", request.getGroupBy(), true);
        violations.throwIfAny();

        SummarizeIncidentsResponse.Builder response = SummarizeIncidentsResponse.newBuilder()
                .setTotal(summary(incidents.total(request.getFilter())));
        incidents.summarize(request.getFilter(), request.getGroupBy()).stream().map(IncidentQueries::summary)
                .forEach(response::addGroups);
        return response.build();
    }

    private static IncidentGroupSummary summary(GroupTotals totals) {
        return IncidentGroupSummary.newBuilder().setKey(totals.key()).setIncidentCount(totals.incidentCount())
                .setKilled(totals.killed()).setInjured(totals.injured()).build();
    }
}
