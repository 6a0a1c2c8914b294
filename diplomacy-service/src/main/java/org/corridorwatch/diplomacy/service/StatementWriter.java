package org.corridorwatch.diplomacy.service;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.corridorwatch.diplomacy.domain.StatementEntity;
import org.corridorwatch.diplomacy.mapping.StatementMapper;
import org.corridorwatch.diplomacy.repository.StatementRepository;
import org.corridorwatch.support.errors.EtagMismatchException;
import org.corridorwatch.support.errors.ResourceException;
import org.corridorwatch.support.masks.FieldMasks;
import org.corridorwatch.support.masks.MaskRules;
import org.corridorwatch.support.persistence.IdempotentCreates;
import org.corridorwatch.support.references.Reference;
import org.corridorwatch.support.references.ReferenceChecker;
import org.corridorwatch.support.validation.ResourceNames;
import org.corridorwatch.support.validation.Violations;

import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.DeleteStatementRequest;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.UpdateStatementRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Changing statements: create, update, delete. Every request is validated in full, and its new
 * references checked with the services that own them, before anything is written; the check runs
 * outside any transaction (no database transaction waits on another service), then the write is
 * one transaction.
 */
@ApplicationScoped
public class StatementWriter {

    /** What an update_mask may name, from statement.proto's field behaviours. */
    static final MaskRules MASK_RULES = MaskRules.of(Statement.getDescriptor());

    private final StatementRepository statements;
    private final StatementReferences references;
    private final IdempotentCreates<StatementEntity, Statement> creates;

    public StatementWriter(StatementRepository statements, StatementReferences references) {
        this.statements = statements;
        this.references = references;
        this.creates = new IdempotentCreates<>(statements::findByCreateRequestId, statements::findByIdOptional,
                StatementMapper::toProto, "statements_pkey",
                id -> ResourceException.alreadyExists(StatementQueries.RESOURCE_TYPE, StatementMapper.name(id)));
    }

    /**
     * Records a new statement. With a request_id, a retry returns what the first call created, even
     * when both race (see IdempotentCreates), and without asking the other services again.
     */
    public Statement create(CreateStatementRequest request) {
        Violations violations = new Violations();
        Statement statement = request.getStatement();
        StatementValidator.validateStatement(statement, "statement", violations);
        violations.resourceId("statement_id", request.getStatementId());
        violations.uuid("request_id", request.getRequestId());
        violations.throwIfAny();

        UUID requestId = request.getRequestId().isEmpty() ? null : UUID.fromString(request.getRequestId());
        Optional<Statement> earlier = creates.earlier(requestId);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        references.check(ReferenceChecker.indexed("statement.incidents", statement.getIncidentsList()),
                ReferenceChecker.indexed("statement.deals", statement.getDealsList()));
        return creates.create(requestId, request.getStatementId(), () -> {
            StatementEntity entity = new StatementEntity();
            StatementMapper.copyInto(statement, entity);
            return entity;
        }, statements::persistAndFlush);
    }

    /** The statement as an update would leave it, and the etag of the row it was computed from. */
    private record PlannedUpdate(String id, Statement updated, String etag, List<Reference> newIncidents,
            List<Reference> newDeals) {
    }

    /**
     * Changes a statement in three steps: read and validate (one short transaction), check the
     * references it did not have before, then write in a transaction that refuses with ABORTED if
     * the row changed since the first step, so what was validated and checked is what is written.
     */
    public Statement update(UpdateStatementRequest request) {
        PlannedUpdate plan = QuarkusTransaction.requiringNew().call(() -> plan(request));
        references.check(plan.newIncidents(), plan.newDeals());
        return QuarkusTransaction.requiringNew().call(() -> {
            StatementEntity entity = statements.findByIdOptional(plan.id())
                    .orElseThrow(() -> ResourceException.notFound(StatementQueries.RESOURCE_TYPE,
                            StatementMapper.name(plan.id())));
            entity.requireEtag(plan.etag(), "statement changed while its references were checked");
            StatementMapper.copyInto(plan.updated(), entity);
            entity.touch();
            // Flush now so a concurrent writer's version bump fails this call (ABORTED), not the commit.
            statements.flush();
            return StatementMapper.toProto(entity);
        });
    }

    private PlannedUpdate plan(UpdateStatementRequest request) {
        Violations violations = new Violations();
        String name = request.getStatement().getName();
        String id = ResourceNames.parse(StatementMapper.COLLECTION, name, "statement.name", violations);
        violations.throwIfAny();

        StatementEntity entity = statements.findByIdOptional(id)
                .orElseThrow(() -> ResourceException.notFound(StatementQueries.RESOURCE_TYPE, name));
        Statement current = StatementMapper.toProto(entity);
        Statement updated = FieldMasks.apply(request.getUpdateMask(), current, request.getStatement(), MASK_RULES,
                "update_mask", violations);
        if (violations.isEmpty()) {
            StatementValidator.validateStatement(updated, "statement", violations);
        }
        violations.throwIfAny();
        EtagMismatchException.check(name, request.getStatement().getEtag(), current.getEtag());
        // References the statement already had were checked when they were written.
        return new PlannedUpdate(id, updated, entity.etag(),
                ReferenceChecker.indexed("statement.incidents", updated.getIncidentsList()).stream()
                        .filter(r -> !entity.incidents.contains(r.name())).toList(),
                ReferenceChecker.indexed("statement.deals", updated.getDealsList()).stream()
                        .filter(r -> !entity.deals.contains(r.name())).toList());
    }

    @Transactional
    public void delete(DeleteStatementRequest request) {
        Violations violations = new Violations();
        String id = ResourceNames.parse(StatementMapper.COLLECTION, request.getName(), "name", violations);
        violations.throwIfAny();

        StatementEntity entity = statements.findByIdOptional(id)
                .orElseThrow(() -> ResourceException.notFound(StatementQueries.RESOURCE_TYPE, request.getName()));
        EtagMismatchException.check(request.getName(), request.getEtag(), entity.etag());
        statements.delete(entity);
        statements.flush();
    }
}
