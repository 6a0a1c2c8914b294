package org.corridorwatch.investments.service;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.corridorwatch.investments.domain.DealEntity;
import org.corridorwatch.investments.domain.DealStatusTransitionEntity;
import org.corridorwatch.investments.mapping.DealMapper;
import org.corridorwatch.investments.repository.DealRepository;
import org.corridorwatch.investments.repository.DealStatusTransitionRepository;
import org.corridorwatch.support.errors.EtagMismatchException;
import org.corridorwatch.support.errors.FailedPreconditionException;
import org.corridorwatch.support.errors.ResourceException;
import org.corridorwatch.support.masks.FieldMasks;
import org.corridorwatch.support.masks.MaskRules;
import org.corridorwatch.support.persistence.IdempotentCreates;
import org.corridorwatch.support.persistence.VersionedRecord;
import org.corridorwatch.support.validation.PartialDates;
import org.corridorwatch.support.validation.ResourceNames;
import org.corridorwatch.support.validation.Violations;

import com.google.protobuf.FieldMask;
import com.google.type.Date;

import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.DeleteDealRequest;
import org.corridorwatch.api.investments.v1.TransitionDealStatusRequest;
import org.corridorwatch.api.investments.v1.UpdateDealRequest;

/**
 * Changing deals: create, update, delete and status transitions. Every request is validated in
 * full before anything is written, and each write is one transaction. The status history is
 * append-only; the deal row's status is always its latest entry's.
 */
@ApplicationScoped
public class DealWriter {

    /** What an update_mask may name, from deal.proto's field behaviours: not the (IMMUTABLE) status. */
    static final MaskRules MASK_RULES = MaskRules.of(Deal.getDescriptor());

    private final DealRepository deals;
    private final DealStatusTransitionRepository history;
    private final DealQueries queries;
    private final IdempotentCreates<DealEntity, Deal> creates;

    public DealWriter(DealRepository deals, DealStatusTransitionRepository history, DealQueries queries) {
        this.deals = deals;
        this.history = history;
        this.queries = queries;
        this.creates = new IdempotentCreates<>(deals::findByCreateRequestId, deals::findByIdOptional,
                DealMapper::toProto, "deals_pkey",
                id -> ResourceException.alreadyExists(DealQueries.RESOURCE_TYPE, DealMapper.name(id)));
    }

    /**
     * Records a new deal and the first entry of its history. A create repeated with the same
     * request_id returns what the first one made (see IdempotentCreates).
     */
    public Deal create(CreateDealRequest request) {
        Violations violations = new Violations();
        DealValidator.validateDeal(request.getDeal(), "deal", violations);
        if (!DealLifecycle.canStartAt(request.getDeal().getStatus())) {
            violations.add("deal.status", "a deal cannot start on hold or in a final status: create it at the status "
                    + "before and move it with TransitionDealStatus");
        }
        violations.resourceId("deal_id", request.getDealId());
        violations.uuid("request_id", request.getRequestId());
        violations.partialDate("status_date", request.hasStatusDate(), request.getStatusDate(), false, true);
        violations.throwIfAny();

        UUID requestId = request.getRequestId().isEmpty() ? null : UUID.fromString(request.getRequestId());
        Deal deal = request.getDeal();
        return creates.create(requestId, request.getDealId(), () -> {
            DealEntity entity = new DealEntity();
            DealMapper.copyInto(deal, entity);
            return entity;
        }, entity -> {
            DealStatus start = deal.getStatus() == DealStatus.DEAL_STATUS_UNSPECIFIED ? DealStatus.DEAL_STATUS_PROPOSED
                    : deal.getStatus();
            Date startDate = request.hasStatusDate() ? request.getStatusDate() : deal.getAnnouncedDate();
            DealStatusTransitionEntity first = DealMapper.transition(entity.id, DealStatus.DEAL_STATUS_UNSPECIFIED,
                    start, startDate, "", null, entity.createTime);
            DealMapper.applyStatus(first, entity);
            deals.persistAndFlush(entity);
            history.persistAndFlush(first);
        });
    }

    /**
     * Applies the masked fields. The name and the mask are checked together before the deal is
     * read; the values are checked on the updated deal, which needs the stored one.
     */
    @Transactional
    public Deal update(UpdateDealRequest request) {
        Violations violations = new Violations();
        String name = request.getDeal().getName();
        String id = ResourceNames.parse(DealMapper.COLLECTION, name, "deal.name", violations);
        FieldMask mask = request.getUpdateMask();
        boolean namesStatus = mask.getPathsList().contains("status");
        if (namesStatus) {
            violations.add("update_mask", "must not name \"status\": statuses change only through TransitionDealStatus");
            mask = mask.toBuilder().clearPaths().addAllPaths(
                    mask.getPathsList().stream().filter(path -> !path.equals("status")).toList()).build();
        }
        // A mask that named only the status has had its say: no "mask is required" on top. Which
        // paths exist depends on Deal's fields, not on stored values, so an empty deal serves.
        if (!(namesStatus && mask.getPathsCount() == 0)) {
            FieldMasks.apply(mask, Deal.getDefaultInstance(), request.getDeal(), MASK_RULES, "update_mask",
                    violations);
        }
        violations.throwIfAny();

        DealEntity entity = queries.existing(id, name);
        Deal current = DealMapper.toProto(entity);
        // The mask is valid by now: this adds no violation.
        Deal updated = FieldMasks.apply(mask, current, request.getDeal(), MASK_RULES, "update_mask", violations);
        DealValidator.validateDeal(updated, "deal", violations);
        violations.throwIfAny();
        EtagMismatchException.check(current.getName(), request.getDeal().getEtag(), current.getEtag());

        DealMapper.copyInto(updated, entity);
        entity.touch();
        // Flush now so a concurrent writer's version bump fails this call (ABORTED), not the commit.
        deals.flush();
        return DealMapper.toProto(entity);
    }

    @Transactional
    public void delete(DeleteDealRequest request) {
        DealEntity entity = queries.find(request.getName(), "name");
        EtagMismatchException.check(request.getName(), request.getEtag(), entity.etag());
        // The history goes with the deal (ON DELETE CASCADE).
        deals.delete(entity);
        deals.flush();
    }

    /**
     * Appends a transition and makes it the deal's status. The deal row is updated and flushed
     * first: of two concurrent transitions, the second blocks on the row, then finds its version
     * changed and fails with ABORTED before appending anything.
     */
    @Transactional
    public Deal transition(TransitionDealStatusRequest request) {
        Violations violations = new Violations();
        String id = ResourceNames.parse(DealMapper.COLLECTION, request.getName(), "name", violations);
        violations.enumValue("to_status", request.getToStatus(), true);
        violations.partialDate("effective_date", request.hasEffectiveDate(), request.getEffectiveDate(), true, true);
        DealValidator.validateTransitionInputs(request.getNote(), request.hasSource(), request.getSource(),
                violations);
        violations.throwIfAny();
        DealEntity entity = queries.existing(id, request.getName());
        EtagMismatchException.check(request.getName(), request.getEtag(), entity.etag());

        DealStatusTransitionEntity latest = history.latest(entity.id);
        DealLifecycle.Refusal refusal = DealLifecycle.check(entity.status, latest.fromStatus, request.getToStatus(),
                !request.getNote().isBlank());
        // DATE_ORDER compares with the latest first day over the whole history, not with the latest
        // entry alone: a year-only date spans its year, so after "2025" an entry could otherwise
        // go back before an earlier "2025-10-01" and the history would run backwards.
        if (refusal == null && PartialDates.span(request.getEffectiveDate()).last()
                .isBefore(history.latestStart(entity.id))) {
            refusal = new DealLifecycle.Refusal("DATE_ORDER",
                    "The transition's date ends before the date of an earlier transition of the deal begins.");
        }
        if (refusal != null) {
            throw new FailedPreconditionException("ILLEGAL_STATUS_TRANSITION", refusal.rule(), request.getName(),
                    refusal.description(), Map.of("from", entity.status.name(), "to", request.getToStatus().name()));
        }

        Instant now = VersionedRecord.now();
        DealStatusTransitionEntity next = DealMapper.transition(entity.id, entity.status, request.getToStatus(),
                request.getEffectiveDate(), request.getNote(), request.hasSource() ? request.getSource() : null, now);
        DealMapper.applyStatus(next, entity);
        entity.updateTime = now;
        deals.flush();
        history.persistAndFlush(next);
        return DealMapper.toProto(entity);
    }
}
