package org.corridorwatch.incidents.service;

import javax.sql.DataSource;

import jakarta.inject.Singleton;

import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentFilter;
import org.corridorwatch.api.investments.v1.BatchGetDealsRequest;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.incidents.domain.IncidentEntity;
import org.corridorwatch.incidents.mapping.IncidentMapper;
import org.corridorwatch.incidents.repository.IncidentRepository;
import org.corridorwatch.incidents.repository.IncidentSqlFilter;
import org.corridorwatch.support.dates.PartialDateWithSpan;
import org.corridorwatch.support.paging.KeysetOrder;
import org.corridorwatch.support.references.ReferencesConfig;
import org.corridorwatch.support.resources.ReferenceField;
import org.corridorwatch.support.resources.ResourceDefinition;
import org.corridorwatch.support.resources.StandardMethods;

import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.Startup;

/**
 * Incidents as a standard resource: Get, BatchGet, List, Create, Update and Delete come from the
 * shared engine; this says only what is an incident's own. An incident's affected deal is checked
 * with investments-service when written.
 */
// Created at startup, so reference-check settings that make no sense stop the service from
// starting rather than failing every write later.
@Startup
@Singleton
public class IncidentResource extends StandardMethods<IncidentEntity, Incident, IncidentFilter> {

    public IncidentResource(IncidentRepository incidents, ReferencesConfig references,
            @GrpcClient("investments") DealServiceBlockingStub deals, @GrpcClient("investments") Channel dealsChannel,
            DataSource dataSource) {
        super(ResourceDefinition.<IncidentEntity, Incident, IncidentFilter> of("incident", Incident.getDefaultInstance())
                .repository(incidents)
                .mapping(IncidentEntity::new, IncidentMapper::toProto, IncidentMapper::copyInto)
                .exportRows(IncidentMapper.EXPORT_ROWS)
                .validator(IncidentValidator::validateIncident)
                .filter(IncidentValidator::validateFilter, IncidentSqlFilter::of, "incidents i")
                .orderings(KeysetOrder.byDateOrUpdateTime("occurred_date", "i.occurred_start", "i.update_time"),
                        incident -> PartialDateWithSpan.of(incident.getOccurredDate()).firstDay)
                .reference(ReferenceField.of("affected_deal", "investments-service", deals, dealsChannel,
                        (stub, names) -> stub.batchGetDeals(BatchGetDealsRequest.newBuilder().addAllNames(names).build())),
                        references.checker()), dataSource);
    }
}
