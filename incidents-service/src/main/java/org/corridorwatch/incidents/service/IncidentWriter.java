package org.corridorwatch.incidents.service;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.corridorwatch.incidents.domain.IncidentEntity;
import org.corridorwatch.incidents.mapping.IncidentMapper;
import org.corridorwatch.incidents.repository.IncidentRepository;
import org.corridorwatch.support.errors.EtagMismatchException;
import org.corridorwatch.support.errors.ResourceException;
import org.corridorwatch.support.masks.FieldMasks;
import org.corridorwatch.support.masks.MaskRules;
import org.corridorwatch.support.persistence.IdempotentCreates;
import org.corridorwatch.support.validation.ResourceNames;
import org.corridorwatch.support.validation.Violations;

import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.DeleteIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.UpdateIncidentRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Changing incidents: create, update, delete. Every request is validated in full before anything
 * is written, and each write is one transaction.
 */
@ApplicationScoped
public class IncidentWriter {

    /** What an update_mask may name, from incident.proto's field behaviours. */
    static final MaskRules MASK_RULES = MaskRules.of(Incident.getDescriptor());

    private final IncidentRepository incidents;
    private final IncidentReferences references;
    private final IdempotentCreates<IncidentEntity, Incident> creates;

    public IncidentWriter(IncidentRepository incidents, IncidentReferences references) {
        this.incidents = incidents;
        this.references = references;
        this.creates = new IdempotentCreates<>(incidents::findByCreateRequestId, incidents::findByIdOptional,
                IncidentMapper::toProto, "incidents_pkey",
                id -> ResourceException.alreadyExists(IncidentQueries.RESOURCE_TYPE, IncidentMapper.name(id)));
    }

    /**
     * Records a new incident. A create repeated with the same request_id returns what the first
     * one made, without asking investments-service again (see IdempotentCreates).
     */
    public Incident create(CreateIncidentRequest request) {
        Violations violations = new Violations();
        IncidentValidator.validateIncident(request.getIncident(), "incident", violations);
        violations.resourceId("incident_id", request.getIncidentId());
        violations.uuid("request_id", request.getRequestId());
        violations.throwIfAny();

        UUID requestId = request.getRequestId().isEmpty() ? null : UUID.fromString(request.getRequestId());
        Optional<Incident> earlier = creates.earlier(requestId);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        references.checkAffectedDeal("incident.affected_deal", request.getIncident().getAffectedDeal());
        return creates.create(requestId, request.getIncidentId(), () -> {
            IncidentEntity entity = new IncidentEntity();
            IncidentMapper.copyInto(request.getIncident(), entity);
            return entity;
        }, incidents::persistAndFlush);
    }

    /** The incident as an update would leave it, and the etag of the row it was computed from. */
    private record PlannedUpdate(String id, Incident updated, String etag, boolean dealChanged) {
    }

    /**
     * Changes the masked fields in three steps: read and validate (a short transaction), check the
     * affected deal with investments-service when the update changes it (no transaction open), then
     * write in a transaction that refuses with ABORTED if the row changed since the first step, so
     * what was validated and checked is what is written.
     */
    public Incident update(UpdateIncidentRequest request) {
        PlannedUpdate plan = QuarkusTransaction.requiringNew().call(() -> plan(request));
        if (plan.dealChanged()) {
            references.checkAffectedDeal("incident.affected_deal", plan.updated().getAffectedDeal());
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            IncidentEntity entity = incidents.findByIdOptional(plan.id())
                    .orElseThrow(() -> ResourceException.notFound(IncidentQueries.RESOURCE_TYPE,
                            IncidentMapper.name(plan.id())));
            entity.requireEtag(plan.etag(), "incident changed while its affected deal was checked");
            IncidentMapper.copyInto(plan.updated(), entity);
            entity.touch();
            // Flush now so a concurrent writer's version bump fails this call (ABORTED), not the commit.
            incidents.flush();
            return IncidentMapper.toProto(entity);
        });
    }

    private PlannedUpdate plan(UpdateIncidentRequest request) {
        Violations violations = new Violations();
        String name = request.getIncident().getName();
        String id = ResourceNames.parse(IncidentMapper.COLLECTION, name, "incident.name", violations);
        violations.throwIfAny();

        IncidentEntity entity = incidents.findByIdOptional(id)
                .orElseThrow(() -> ResourceException.notFound(IncidentQueries.RESOURCE_TYPE, name));
        Incident current = IncidentMapper.toProto(entity);
        Incident updated = FieldMasks.apply(request.getUpdateMask(), current, request.getIncident(), MASK_RULES,
                "update_mask", violations);
        if (violations.isEmpty()) {
            IncidentValidator.validateIncident(updated, "incident", violations);
        }
        violations.throwIfAny();
        EtagMismatchException.check(name, request.getIncident().getEtag(), current.getEtag());
        return new PlannedUpdate(id, updated, entity.etag(),
                !updated.getAffectedDeal().equals(current.getAffectedDeal()));
    }

    @Transactional
    public void delete(DeleteIncidentRequest request) {
        Violations violations = new Violations();
        String id = ResourceNames.parse(IncidentMapper.COLLECTION, request.getName(), "name", violations);
        violations.throwIfAny();

        IncidentEntity entity = incidents.findByIdOptional(id)
                .orElseThrow(() -> ResourceException.notFound(IncidentQueries.RESOURCE_TYPE, request.getName()));
        EtagMismatchException.check(request.getName(), request.getEtag(), entity.etag());
        incidents.delete(entity);
        incidents.flush();
    }
}
