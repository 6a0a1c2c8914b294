package org.corridorwatch.investments.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.corridorwatch.api.investments.v1.DealStatus;

/** The lifecycle rules of deal.proto's DealStatus comment, one move at a time. */
class DealLifecycleTest {

    @ParameterizedTest(name = "{0} -> {1} is legal")
    @CsvSource({
            "PROPOSED, UNDER_NEGOTIATION",
            "PROPOSED, MOU_SIGNED", // steps may be skipped
            "UNDER_NEGOTIATION, AGREEMENT_SIGNED",
            "FINANCING_APPROVED, UNDER_IMPLEMENTATION",
            "UNDER_IMPLEMENTATION, COMPLETED",
            "PROPOSED, ON_HOLD",
            "UNDER_IMPLEMENTATION, ON_HOLD",
            "PROPOSED, CANCELLED",
            "UNDER_NEGOTIATION, SUPERSEDED",
            "ON_HOLD, CANCELLED",
    })
    void legalMoves(String from, String to) {
        assertNull(DealLifecycle.check(status(from), DealStatus.DEAL_STATUS_PROPOSED, status(to), false));
    }

    @ParameterizedTest(name = "{0} -> {1} breaks {2}")
    @CsvSource({
            "MOU_SIGNED, MOU_SIGNED, STATUS_CHANGES",
            "CANCELLED, AGREEMENT_SIGNED, FINAL_STATUS",
            "COMPLETED, ON_HOLD, FINAL_STATUS",
            "SUPERSEDED, CANCELLED, FINAL_STATUS",
            "AGREEMENT_SIGNED, PROPOSED, FORWARD_ON_MAIN_LINE",
            "UNDER_NEGOTIATION, PROPOSED, FORWARD_ON_MAIN_LINE",
            "UNDER_IMPLEMENTATION, UNDER_NEGOTIATION, FORWARD_ON_MAIN_LINE",
            "FINANCING_APPROVED, COMPLETED, COMPLETION_FROM_IMPLEMENTATION",
            "AGREEMENT_SIGNED, UNDER_NEGOTIATION, RENEGOTIATION_NEEDS_NOTE",
    })
    void refusedMoves(String from, String to, String rule) {
        assertEquals(rule, DealLifecycle.check(status(from), DealStatus.DEAL_STATUS_PROPOSED, status(to), false)
                .rule());
    }

    @Test
    void renegotiationWithANoteIsLegal() {
        assertNull(DealLifecycle.check(DealStatus.DEAL_STATUS_MOU_SIGNED, DealStatus.DEAL_STATUS_PROPOSED,
                DealStatus.DEAL_STATUS_UNDER_NEGOTIATION, true));
        assertNull(DealLifecycle.check(DealStatus.DEAL_STATUS_ON_HOLD, DealStatus.DEAL_STATUS_UNDER_IMPLEMENTATION,
                DealStatus.DEAL_STATUS_UNDER_NEGOTIATION, true));
    }

    @ParameterizedTest(name = "held at {0}, resuming at {1}: {2}")
    @CsvSource({
            "AGREEMENT_SIGNED, AGREEMENT_SIGNED, ",
            "AGREEMENT_SIGNED, UNDER_IMPLEMENTATION, ",
            "AGREEMENT_SIGNED, PROPOSED, RESUME_FROM_HOLD",
            "AGREEMENT_SIGNED, UNDER_NEGOTIATION, RENEGOTIATION_NEEDS_NOTE",
            "PROPOSED, UNDER_NEGOTIATION, ", // forward from where it was held: no note needed
            "FINANCING_APPROVED, COMPLETED, COMPLETION_FROM_IMPLEMENTATION",
            "UNDER_IMPLEMENTATION, COMPLETED, ",
            "UNDER_IMPLEMENTATION, UNDER_NEGOTIATION, RENEGOTIATION_NEEDS_NOTE",
    })
    void resumingFromHold(String heldAt, String to, String rule) {
        DealLifecycle.Refusal refusal = DealLifecycle.check(DealStatus.DEAL_STATUS_ON_HOLD, status(heldAt), status(to),
                false);
        assertEquals(rule, refusal == null ? null : refusal.rule());
    }

    @ParameterizedTest(name = "a deal may start at {0}: {1}")
    @CsvSource({
            "UNSPECIFIED, true",
            "PROPOSED, true",
            "UNDER_NEGOTIATION, true",
            "UNDER_IMPLEMENTATION, true",
            "COMPLETED, false",
            "ON_HOLD, false",
            "CANCELLED, false",
            "SUPERSEDED, false",
    })
    void startingStatuses(String label, boolean allowed) {
        assertEquals(allowed, DealLifecycle.canStartAt(status(label)));
    }

    private static DealStatus status(String label) {
        return DealStatus.valueOf("DEAL_STATUS_" + label);
    }
}
