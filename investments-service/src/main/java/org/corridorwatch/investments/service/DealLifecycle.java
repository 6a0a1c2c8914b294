package org.corridorwatch.investments.service;

import java.util.List;
import java.util.Set;

import org.corridorwatch.api.investments.v1.DealStatus;

/**
 * The status lifecycle of a deal (documented on {@code DealStatus} in deal.proto): which moves
 * are legal, and the rule a refused move breaks. Pure logic, no I/O.
 */
final class DealLifecycle {

    /** The main line, in order. */
    private static final List<DealStatus> MAIN_LINE = List.of(DealStatus.DEAL_STATUS_PROPOSED,
            DealStatus.DEAL_STATUS_UNDER_NEGOTIATION, DealStatus.DEAL_STATUS_MOU_SIGNED,
            DealStatus.DEAL_STATUS_AGREEMENT_SIGNED, DealStatus.DEAL_STATUS_FINANCING_APPROVED,
            DealStatus.DEAL_STATUS_UNDER_IMPLEMENTATION, DealStatus.DEAL_STATUS_COMPLETED);
    private static final Set<DealStatus> FINAL = Set.of(DealStatus.DEAL_STATUS_COMPLETED,
            DealStatus.DEAL_STATUS_CANCELLED, DealStatus.DEAL_STATUS_SUPERSEDED);
    /** Statuses from which talks may reopen (back to UNDER_NEGOTIATION, with a note). */
    private static final Set<DealStatus> RENEGOTIABLE = Set.of(DealStatus.DEAL_STATUS_MOU_SIGNED,
            DealStatus.DEAL_STATUS_AGREEMENT_SIGNED, DealStatus.DEAL_STATUS_FINANCING_APPROVED);

    /** A refused move: the rule's name (as the .proto documents it) and an explanation. */
    record Refusal(String rule, String description) {
    }

    private DealLifecycle() {
    }

    /**
     * Why the move from {@code current} to {@code target} is refused, or null when it is legal.
     *
     * @param heldAt the status before the hold when {@code current} is ON_HOLD (else ignored)
     * @param hasNote whether the transition carries a note
     */
    static Refusal check(DealStatus current, DealStatus heldAt, DealStatus target, boolean hasNote) {
        if (target == current) {
            return new Refusal("STATUS_CHANGES", "The deal is already " + label(current) + ".");
        }
        if (FINAL.contains(current)) {
            return new Refusal("FINAL_STATUS", label(current) + " is final: no status follows it.");
        }
        if (target == DealStatus.DEAL_STATUS_CANCELLED || target == DealStatus.DEAL_STATUS_SUPERSEDED) {
            return null; // EXIT_FROM_ACTIVE: any status that is not final may exit
        }
        if (target == DealStatus.DEAL_STATUS_ON_HOLD) {
            return null; // HOLD_FROM_ACTIVE
        }
        if (current == DealStatus.DEAL_STATUS_ON_HOLD) {
            return resumeRefusal(heldAt, target, hasNote);
        }
        if (target == DealStatus.DEAL_STATUS_COMPLETED && current != DealStatus.DEAL_STATUS_UNDER_IMPLEMENTATION) {
            return new Refusal("COMPLETION_FROM_IMPLEMENTATION",
                    "A deal is completed only from " + label(DealStatus.DEAL_STATUS_UNDER_IMPLEMENTATION) + ".");
        }
        if (MAIN_LINE.indexOf(target) > MAIN_LINE.indexOf(current)) {
            return null; // FORWARD_ON_MAIN_LINE
        }
        if (target == DealStatus.DEAL_STATUS_UNDER_NEGOTIATION && RENEGOTIABLE.contains(current)) {
            return hasNote ? null : new Refusal("RENEGOTIATION_NEEDS_NOTE",
                    "Moving back to " + label(target) + " reopens talks: give a note saying why.");
        }
        return new Refusal("FORWARD_ON_MAIN_LINE", "A deal moves forward from " + label(current)
                + "; it may go back only to " + label(DealStatus.DEAL_STATUS_UNDER_NEGOTIATION)
                + " after an MoU, agreement or financing approval, with a note.");
    }

    private static Refusal resumeRefusal(DealStatus heldAt, DealStatus target, boolean hasNote) {
        // Talks may reopen on a held deal from any status past negotiation, even a stalled
        // implementation (ML-1's financing was renegotiated so), but only with a note.
        if (target == DealStatus.DEAL_STATUS_UNDER_NEGOTIATION
                && MAIN_LINE.indexOf(heldAt) > MAIN_LINE.indexOf(DealStatus.DEAL_STATUS_UNDER_NEGOTIATION)) {
            return hasNote ? null : new Refusal("RENEGOTIATION_NEEDS_NOTE",
                    "Resuming at " + label(target) + " reopens talks: give a note saying why.");
        }
        if (target == DealStatus.DEAL_STATUS_COMPLETED && heldAt != DealStatus.DEAL_STATUS_UNDER_IMPLEMENTATION) {
            return new Refusal("COMPLETION_FROM_IMPLEMENTATION",
                    "A deal is completed only from " + label(DealStatus.DEAL_STATUS_UNDER_IMPLEMENTATION) + ".");
        }
        if (MAIN_LINE.indexOf(target) >= MAIN_LINE.indexOf(heldAt)) {
            return null;
        }
        return new Refusal("RESUME_FROM_HOLD", "The deal was put on hold at " + label(heldAt)
                + "; it resumes there or later on the main line.");
    }

    /**
     * Whether a deal may be created at {@code status}: a main-line status before completion (or
     * unspecified, meaning proposed). On hold needs the status it was held at, and a final status
     * needs the path to it, so both come through transitions.
     */
    static boolean canStartAt(DealStatus status) {
        return status == DealStatus.DEAL_STATUS_UNSPECIFIED
                || MAIN_LINE.indexOf(status) >= 0 && !FINAL.contains(status);
    }

    /** "DEAL_STATUS_MOU_SIGNED" → "MOU_SIGNED". */
    static String label(DealStatus status) {
        return status.name().substring("DEAL_STATUS_".length());
    }
}
