package org.corridorwatch.incidents.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.corridorwatch.support.references.Reference;
import org.corridorwatch.support.references.ReferenceChecker;
import org.corridorwatch.support.references.ReferencesConfig;
import org.corridorwatch.support.validation.Violations;

import org.corridorwatch.api.investments.v1.BatchGetDealsRequest;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.Startup;

/**
 * Checks an incident's affected deal with investments-service (BatchGetDeals), before the write
 * transaction opens, so no database transaction waits on another service.
 */
// Created at startup, so reference-check settings that make no sense stop the service from
// starting rather than failing every write later.
@Startup
@ApplicationScoped
public class IncidentReferences {

    static final String INVESTMENTS_SERVICE = "investments-service";

    private final ReferenceChecker checker;
    private final DealServiceBlockingStub deals;

    public IncidentReferences(ReferencesConfig config, @GrpcClient("investments") DealServiceBlockingStub deals) {
        this.checker = config.checker();
        this.deals = deals;
    }

    /**
     * INVALID_ARGUMENT on {@code field} when the deal does not exist, UNAVAILABLE when
     * investments-service cannot be reached. No call when {@code deal} is empty.
     */
    void checkAffectedDeal(String field, String deal) {
        if (deal.isEmpty()) {
            return;
        }
        Violations violations = new Violations();
        // Wait-for-ready: just after investments-service restarts, the channel may still be backing
        // off from its failed connection attempts; the call waits for it (within the deadline)
        // instead of failing at once.
        checker.check(INVESTMENTS_SERVICE, List.of(new Reference(field, deal)), (names, deadline) -> deals
                .withDeadline(deadline).withWaitForReady()
                .batchGetDeals(BatchGetDealsRequest.newBuilder().addAllNames(names).build()), violations);
        violations.throwIfAny();
    }
}
