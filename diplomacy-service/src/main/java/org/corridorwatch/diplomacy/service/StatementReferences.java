package org.corridorwatch.diplomacy.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.corridorwatch.support.references.Reference;
import org.corridorwatch.support.references.ReferenceChecker;
import org.corridorwatch.support.references.ReferencesConfig;
import org.corridorwatch.support.validation.Violations;

import org.corridorwatch.api.incidents.v1.BatchGetIncidentsRequest;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.investments.v1.BatchGetDealsRequest;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.Startup;

/**
 * Checks a statement's references with the services that own them: incidents with
 * incidents-service (BatchGetIncidents), deals with investments-service (BatchGetDeals). Called
 * before the write transaction opens, so no database transaction waits on another service.
 */
// Created at startup, so reference-check settings that make no sense stop the service from
// starting rather than failing every write later.
@Startup
@ApplicationScoped
public class StatementReferences {

    static final String INCIDENTS_SERVICE = "incidents-service";
    static final String INVESTMENTS_SERVICE = "investments-service";

    private final ReferenceChecker checker;
    private final IncidentServiceBlockingStub incidents;
    private final DealServiceBlockingStub deals;

    public StatementReferences(ReferencesConfig config, @GrpcClient("incidents") IncidentServiceBlockingStub incidents,
            @GrpcClient("investments") DealServiceBlockingStub deals) {
        this.checker = config.checker();
        this.incidents = incidents;
        this.deals = deals;
    }

    /**
     * Throws INVALID_ARGUMENT naming every reference that does not exist, or UNAVAILABLE when a
     * service that must answer cannot be reached. Asks only the services with something to check.
     */
    public void check(List<Reference> incidentReferences, List<Reference> dealReferences) {
        Violations violations = new Violations();
        // Wait-for-ready: just after the other service restarts, the channel may still be backing
        // off from failed connection attempts; the call waits for it (within the deadline) instead
        // of failing at once. A service that stays unreachable costs one deadline, then UNAVAILABLE.
        checker.check(INCIDENTS_SERVICE, incidentReferences, (names, deadline) -> incidents.withDeadline(deadline)
                .withWaitForReady()
                .batchGetIncidents(BatchGetIncidentsRequest.newBuilder().addAllNames(names).build()), violations);
        checker.check(INVESTMENTS_SERVICE, dealReferences, (names, deadline) -> deals.withDeadline(deadline)
                .withWaitForReady()
                .batchGetDeals(BatchGetDealsRequest.newBuilder().addAllNames(names).build()), violations);
        violations.throwIfAny();
    }
}
