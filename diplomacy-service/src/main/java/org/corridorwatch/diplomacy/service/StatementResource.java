package org.corridorwatch.diplomacy.service;

import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Singleton;

import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementFilter;
import org.corridorwatch.api.incidents.v1.BatchGetIncidentsRequest;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.investments.v1.BatchGetDealsRequest;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.diplomacy.domain.StatementEntity;
import org.corridorwatch.diplomacy.mapping.StatementMapper;
import org.corridorwatch.diplomacy.repository.StatementRepository;
import org.corridorwatch.diplomacy.repository.StatementSqlFilter;
import org.corridorwatch.support.dates.PartialDateWithSpan;
import org.corridorwatch.support.paging.KeysetOrder;
import org.corridorwatch.support.references.ReferenceChecker;
import org.corridorwatch.support.references.ReferencesConfig;
import org.corridorwatch.support.resources.ReferenceField;
import org.corridorwatch.support.resources.ResourceDefinition;
import org.corridorwatch.support.resources.StandardMethods;

import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.Startup;

/**
 * Statements as a standard resource: Get, BatchGet, List, Create, Update and Delete come from the
 * shared engine; this says only what is a statement's own. The incidents and deals a statement
 * cites are checked with incidents-service and investments-service when written.
 */
// Created at startup, so reference-check settings that make no sense stop the service from
// starting rather than failing every write later.
@Startup
@Singleton
public class StatementResource extends StandardMethods<StatementEntity, Statement, StatementFilter> {

    /** What List offers by order_by, each a keyset over (sort column, id). */
    static final Map<String, KeysetOrder> ORDERINGS = KeysetOrder.byDateOrUpdateTime("statement_date", "s.statement_start",
            "s.update_time");

    public StatementResource(StatementRepository statements, ReferencesConfig references,
            @GrpcClient("incidents") IncidentServiceBlockingStub incidents,
            @GrpcClient("incidents") Channel incidentsChannel,
            @GrpcClient("investments") DealServiceBlockingStub deals,
            @GrpcClient("investments") Channel dealsChannel, DataSource dataSource) {
        super(definition(statements, references.checker(), incidents, incidentsChannel, deals, dealsChannel), dataSource);
    }

    private static ResourceDefinition<StatementEntity, Statement, StatementFilter> definition(
            StatementRepository statements, ReferenceChecker checker, IncidentServiceBlockingStub incidents,
            Channel incidentsChannel, DealServiceBlockingStub deals, Channel dealsChannel) {
        return ResourceDefinition.<StatementEntity, Statement, StatementFilter> of("statement", Statement.getDefaultInstance())
                .repository(statements)
                .mapping(StatementEntity::new, StatementMapper::toProto, StatementMapper::copyInto)
                .exportRows(StatementMapper.EXPORT_ROWS)
                .validator(StatementValidator::validateStatement)
                .filter(StatementValidator::validateFilter, StatementSqlFilter::of, "statements s")
                .orderings(ORDERINGS, statement -> PartialDateWithSpan.of(statement.getStatementDate()).firstDay)
                .reference(ReferenceField.of("incidents", "incidents-service", incidents, incidentsChannel,
                        (stub, names) -> stub.batchGetIncidents(BatchGetIncidentsRequest.newBuilder().addAllNames(names)
                                .build())), checker)
                .reference(ReferenceField.of("deals", "investments-service", deals, dealsChannel,
                        (stub, names) -> stub.batchGetDeals(BatchGetDealsRequest.newBuilder().addAllNames(names).build())),
                        checker);
    }
}
