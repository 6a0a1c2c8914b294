package org.corridorwatch.incidents.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.corridorwatch.incidents.domain.IncidentEntity;
import org.corridorwatch.incidents.mapping.IncidentMapper;
import org.corridorwatch.incidents.repository.IncidentRepository;
import org.corridorwatch.support.errors.EtagMismatchException;
import org.corridorwatch.support.errors.ResourceException;
import org.corridorwatch.support.masks.FieldMasks;
import org.corridorwatch.support.persistence.IdempotentCreates;
import org.corridorwatch.support.validation.ResourceNames;
import org.corridorwatch.support.validation.Violations;

import corridorwatch.incidents.v1.CreateIncidentRequest;
import corridorwatch.incidents.v1.DeleteIncidentRequest;
import corridorwatch.incidents.v1.Incident;
import corridorwatch.incidents.v1.UpdateIncidentRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Changing incidents: create, update, delete. Every request is validated in full before anything
 * is written, and each write is one transaction.
 */
@ApplicationScoped
public class IncidentWriter {

    /** Fields a client may name in an update_mask. */
    static final Set<String> UPDATABLE_FIELDS = Set.of("title", "summary", "occurred_date", "place", "incident_type",
            "target_type", "killed", "injured", "casualties_by_nationality", "perpetrators", "affected_deal", "status",
            "sources");
    /** Fields a client may name but that are ignored: the service sets them. */
    static final Set<String> OUTPUT_ONLY_FIELDS = Set.of("name", "create_time", "update_time", "etag");

    private final IncidentRepository incidents;
    private final IncidentReferences references;

    public IncidentWriter(IncidentRepository incidents, IncidentReferences references) {
        this.incidents = incidents;
        this.references = references;
    }

    /**
     * Records a new incident. With a request_id, a retry returns what the first call created, even
     * when both race (see IdempotentCreates).
     */
    public Incident create(CreateIncidentRequest request) {
        Violations violations = new Violations();
        IncidentValidator.validateIncident(request.getIncident(), "incident", violations);
        violations.resourceId("incident_id", request.getIncidentId());
        violations.uuid("request_id", request.getRequestId());
        violations.throwIfAny();
        references.checkAffectedDeal("incident.affected_deal", request.getIncident().getAffectedDeal());

        UUID requestId = request.getRequestId().isEmpty() ? null : UUID.fromString(request.getRequestId());
        return IdempotentCreates.create(requestId, () -> insert(request, requestId),
                original -> incidents.findByCreateRequestId(original).map(IncidentMapper::toProto), "incidents_pkey",
                () -> ResourceException.alreadyExists(IncidentQueries.RESOURCE_TYPE,
                        IncidentMapper.name(request.getIncidentId())));
    }

    private Incident insert(CreateIncidentRequest request, UUID requestId) {
        if (requestId != null) {
            Optional<IncidentEntity> earlier = incidents.findByCreateRequestId(requestId);
            if (earlier.isPresent()) {
                return IncidentMapper.toProto(earlier.get());
            }
        }
        String id = request.getIncidentId().isEmpty() ? UUID.randomUUID().toString() : request.getIncidentId();
        Optional<IncidentEntity> taken = incidents.findByIdOptional(id);
        if (taken.isPresent()) {
            // The same request, committed by a concurrent retry since the lookup above, is the answer.
            if (requestId != null && requestId.equals(taken.get().createRequestId)) {
                return IncidentMapper.toProto(taken.get());
            }
            throw ResourceException.alreadyExists(IncidentQueries.RESOURCE_TYPE, IncidentMapper.name(id));
        }
        IncidentEntity entity = new IncidentEntity();
        entity.id = id;
        entity.createRequestId = requestId;
        IncidentMapper.copyInto(request.getIncident(), entity);
        entity.createTime = now();
        entity.updateTime = entity.createTime;
        incidents.persistAndFlush(entity);
        return IncidentMapper.toProto(entity);
    }

    /**
     * Changes the masked fields. An affected deal the update sets is checked with
     * investments-service first, outside the transaction.
     */
    public Incident update(UpdateIncidentRequest request) {
        List<String> paths = request.getUpdateMask().getPathsList();
        String deal = request.getIncident().getAffectedDeal();
        if ((paths.contains("affected_deal") || paths.contains(FieldMasks.WILDCARD))
                && ResourceNames.isValid(IncidentValidator.DEALS, deal)) {
            references.checkAffectedDeal("incident.affected_deal", deal);
        }
        return QuarkusTransaction.requiringNew().call(() -> applyUpdate(request));
    }

    private Incident applyUpdate(UpdateIncidentRequest request) {
        Violations violations = new Violations();
        String name = request.getIncident().getName();
        String id = ResourceNames.parse(IncidentMapper.COLLECTION, name, "incident.name", violations);
        violations.throwIfAny();

        IncidentEntity entity = incidents.findByIdOptional(id)
                .orElseThrow(() -> ResourceException.notFound(IncidentQueries.RESOURCE_TYPE, name));
        Incident current = IncidentMapper.toProto(entity);
        Incident updated = FieldMasks.apply(request.getUpdateMask(), current, request.getIncident(), UPDATABLE_FIELDS,
                OUTPUT_ONLY_FIELDS, "update_mask", violations);
        if (violations.isEmpty()) {
            IncidentValidator.validateIncident(updated, "incident", violations);
        }
        violations.throwIfAny();
        EtagMismatchException.check(name, request.getIncident().getEtag(), current.getEtag());

        IncidentMapper.copyInto(updated, entity);
        entity.updateTime = now();
        // Flush now so a concurrent writer's version bump fails this call (ABORTED), not the commit.
        incidents.flush();
        return IncidentMapper.toProto(entity);
    }

    @Transactional
    public void delete(DeleteIncidentRequest request) {
        Violations violations = new Violations();
        String id = ResourceNames.parse(IncidentMapper.COLLECTION, request.getName(), "name", violations);
        violations.throwIfAny();

        IncidentEntity entity = incidents.findByIdOptional(id)
                .orElseThrow(() -> ResourceException.notFound(IncidentQueries.RESOURCE_TYPE, request.getName()));
        EtagMismatchException.check(request.getName(), request.getEtag(), IncidentMapper.etag(entity));
        incidents.delete(entity);
        incidents.flush();
    }

    /** Microseconds: what PostgreSQL keeps, so a returned time equals the stored one. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
