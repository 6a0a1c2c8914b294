package org.corridorwatch.investments.service;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.corridorwatch.investments.domain.DealEntity;
import org.corridorwatch.investments.domain.DealStatusTransitionEntity;
import org.corridorwatch.investments.mapping.DealMapper;
import org.corridorwatch.investments.repository.DealRepository;
import org.corridorwatch.investments.repository.DealStatusTransitionRepository;
import org.corridorwatch.support.errors.EtagMismatchException;
import org.corridorwatch.support.errors.FailedPreconditionException;
import org.corridorwatch.support.history.Change;
import org.corridorwatch.support.persistence.VersionedRecord;
import org.corridorwatch.support.validation.PartialDates;
import org.corridorwatch.support.validation.Violations;

import com.google.type.Date;

import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.TransitionDealStatusRequest;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * A deal's own writes: its create (which starts the status history) and status transitions.
 * Update and Delete are DealResource's standard methods. The status history is append-only; the
 * deal row's status is always its latest entry's.
 */
@ApplicationScoped
public class DealWriter {

    private final DealResource deals;
    private final DealRepository records;
    private final DealStatusTransitionRepository history;

    public DealWriter(DealResource deals, DealRepository records, DealStatusTransitionRepository history) {
        this.deals = deals;
        this.records = records;
        this.history = history;
    }

    /**
     * Records a new deal and the first entry of its history, at the deal's status (proposed when
     * unspecified) and the request's status_date (else the announced date; undated when the deal
     * has none either: the date is unknown, and no stand-in is made up). A create repeated with
     * the same request_id returns what the first one made.
     */
    public Deal create(CreateDealRequest request) {
        return create(request, false);
    }

    /** The same, or with {@code validateOnly} its checks only (an import's dry run). */
    public Deal create(CreateDealRequest request, boolean validateOnly) {
        Deal deal = request.getDeal();
        return deals.create(request, violations -> {
            if (!DealLifecycle.canStartAt(deal.getStatus())) {
                violations.add("deal.status", "a deal cannot start on hold or in a final status: create it at the "
                        + "status before and move it with TransitionDealStatus");
            }
            violations.partialDate("status_date", request.hasStatusDate(), request.getStatusDate(), false, true);
        }, entity -> {
            DealStatus start = deal.getStatus() == DealStatus.DEAL_STATUS_UNSPECIFIED ? DealStatus.DEAL_STATUS_PROPOSED
                    : deal.getStatus();
            Date startDate = request.hasStatusDate() ? request.getStatusDate()
                    : deal.hasAnnouncedDate() ? deal.getAnnouncedDate() : Date.getDefaultInstance();
            DealStatusTransitionEntity first = DealMapper.transition(entity.id, DealStatus.DEAL_STATUS_UNSPECIFIED,
                    start, startDate, "", null, entity.createTime);
            DealMapper.applyStatus(first, entity);
            records.persistAndFlush(entity);
            history.persistAndFlush(first);
        }, validateOnly);
    }

    /**
     * Appends a transition and makes it the deal's status, with the deal's revision (whose reason
     * is the request's, else the note). The deal row is updated and flushed first: of two
     * concurrent transitions, the second blocks on the row, then finds its version changed and
     * fails with ABORTED before appending anything. A transition retried with its request_id
     * answers the deal as it is, without a second transition.
     */
    public Deal transition(TransitionDealStatusRequest request) {
        Violations violations = new Violations();
        String id = deals.id(request.getName(), "name", violations);
        violations.enumValue("to_status", request.getToStatus(), true);
        violations.partialDate("effective_date", request.hasEffectiveDate(), request.getEffectiveDate(), true, true);
        DealValidator.validateTransitionInputs(request.getNote(), request.hasSource(), request.getSource(),
                violations);
        Change change = Change.of(request, violations).withDefaultReason(request.getNote());
        violations.throwIfAny();
        return deals.once(id, change, () -> QuarkusTransaction.requiringNew().call(() -> transition(id, request, change)));
    }

    private Deal transition(String id, TransitionDealStatusRequest request, Change change) {
        DealEntity entity = deals.existing(id);
        Deal before = DealMapper.toProto(entity);
        EtagMismatchException.check(request.getName(), request.getEtag(), entity.etag());

        DealStatusTransitionEntity latest = history.latest(entity.id);
        DealLifecycle.Refusal refusal = DealLifecycle.check(entity.status, latest.fromStatus, request.getToStatus(),
                !request.getNote().isBlank());
        // DATE_ORDER compares with the latest first day over the whole history, not with the latest
        // entry alone: a year-only date spans its year, so after "2025" an entry could otherwise
        // go back before an earlier "2025-10-01" and the history would run backwards.
        // Undated entries (a first entry of unknown date) set no bound: latestStart is null when all are.
        LocalDate latestStart = history.latestStart(entity.id);
        if (refusal == null && latestStart != null
                && PartialDates.span(request.getEffectiveDate()).last().isBefore(latestStart)) {
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
        records.flush();
        history.persistAndFlush(next);
        return deals.revised(entity, before, change);
    }
}
