package org.corridorwatch.investments;

import static org.corridorwatch.api.investments.v1.DealStatus.DEAL_STATUS_AGREEMENT_SIGNED;
import static org.corridorwatch.api.investments.v1.DealStatus.DEAL_STATUS_CANCELLED;
import static org.corridorwatch.api.investments.v1.DealStatus.DEAL_STATUS_COMPLETED;
import static org.corridorwatch.api.investments.v1.DealStatus.DEAL_STATUS_FINANCING_APPROVED;
import static org.corridorwatch.api.investments.v1.DealStatus.DEAL_STATUS_MOU_SIGNED;
import static org.corridorwatch.api.investments.v1.DealStatus.DEAL_STATUS_ON_HOLD;
import static org.corridorwatch.api.investments.v1.DealStatus.DEAL_STATUS_PROPOSED;
import static org.corridorwatch.api.investments.v1.DealStatus.DEAL_STATUS_SUPERSEDED;
import static org.corridorwatch.api.investments.v1.DealStatus.DEAL_STATUS_UNDER_IMPLEMENTATION;
import static org.corridorwatch.api.investments.v1.DealStatus.DEAL_STATUS_UNDER_NEGOTIATION;
import static org.corridorwatch.investments.DealFixtures.date;
import static org.corridorwatch.investments.InvestmentsTestSupport.assertFails;
import static org.corridorwatch.investments.InvestmentsTestSupport.assertIllegalTransition;
import static org.corridorwatch.investments.InvestmentsTestSupport.assertInvalid;
import static org.corridorwatch.investments.InvestmentsTestSupport.assertOneWinsTheOthersAbort;
import static org.corridorwatch.investments.InvestmentsTestSupport.race;
import static org.corridorwatch.investments.InvestmentsTestSupport.transitionRows;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import com.google.rpc.ErrorInfo;
import com.google.type.Date;

import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.DealStatusTransition;
import org.corridorwatch.api.investments.v1.GetDealRequest;
import org.corridorwatch.api.investments.v1.ListDealStatusHistoryRequest;
import org.corridorwatch.api.investments.v1.TransitionDealStatusRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class TransitionDealStatusTest {

    /** Every test deal starts PROPOSED on this date; its transitions follow a month apart. */
    private static final Date START = date(2020, 1, 1);

    @GrpcClient("investments")
    DealServiceBlockingStub deals;

    @Inject
    DataSource dataSource;

    @Test
    void followsTheMainLineToCompletion() throws Exception {
        Deal deal = proposed();
        List<DealStatus> mainLine = List.of(DEAL_STATUS_UNDER_NEGOTIATION, DEAL_STATUS_MOU_SIGNED,
                DEAL_STATUS_AGREEMENT_SIGNED, DEAL_STATUS_FINANCING_APPROVED, DEAL_STATUS_UNDER_IMPLEMENTATION,
                DEAL_STATUS_COMPLETED);
        List<String> etags = new ArrayList<>(List.of(deal.getEtag()));
        for (int i = 0; i < mainLine.size(); i++) {
            Date when = date(2020, i + 2, 1);
            Deal before = deal;

            deal = deals.transitionDealStatus(request(deal, mainLine.get(i), when).setEtag(deal.getEtag()).build());

            assertEquals(mainLine.get(i), deal.getStatus());
            assertEquals(when, deal.getStatusDate());
            assertTrue(!etags.contains(deal.getEtag()), "a new etag at each transition: " + deal.getEtag());
            etags.add(deal.getEtag());
            assertEquals(before.getCreateTime(), deal.getCreateTime());
            assertTrue(later(deal.getUpdateTime(), before.getUpdateTime()) >= 0);
            // Nothing but the status, its date and the output fields changed.
            assertEquals(before.toBuilder().setStatus(deal.getStatus()).setStatusDate(when).setEtag(deal.getEtag())
                    .setUpdateTime(deal.getUpdateTime()).build(), deal);
            assertEquals(deal, get(deal.getName()));
        }

        List<DealStatusTransition> history = history(deal.getName());
        assertEquals(7, history.size());
        assertEquals(7, transitionRows(dataSource, deal.getName()));
        DealStatus from = DealStatus.DEAL_STATUS_UNSPECIFIED;
        for (int i = 0; i < history.size(); i++) {
            assertEquals(from, history.get(i).getFromStatus());
            assertEquals(i == 0 ? DEAL_STATUS_PROPOSED : mainLine.get(i - 1), history.get(i).getToStatus());
            from = history.get(i).getToStatus();
        }
    }

    @Test
    void stepsOnTheMainLineMayBeSkipped() {
        Deal deal = proposed();
        deal = deals.transitionDealStatus(request(deal, DEAL_STATUS_MOU_SIGNED, date(2020, 2, 1)).build());
        assertEquals(DEAL_STATUS_MOU_SIGNED, deal.getStatus());
        deal = deals.transitionDealStatus(request(deal, DEAL_STATUS_UNDER_IMPLEMENTATION, date(2020, 3, 1)).build());
        assertEquals(DEAL_STATUS_UNDER_IMPLEMENTATION, deal.getStatus());
    }

    @Test
    void statusChanges() throws Exception {
        Deal deal = proposed();
        assertRefused("STATUS_CHANGES", deal, request(deal, DEAL_STATUS_PROPOSED, date(2020, 2, 1)));
        Deal held = walk(proposed(), DEAL_STATUS_ON_HOLD);
        assertRefused("STATUS_CHANGES", held, request(held, DEAL_STATUS_ON_HOLD, date(2021, 1, 1)));
    }

    @Test
    void forwardOnMainLine() throws Exception {
        Deal agreed = walk(proposed(), DEAL_STATUS_UNDER_NEGOTIATION, DEAL_STATUS_AGREEMENT_SIGNED);
        assertRefused("FORWARD_ON_MAIN_LINE", agreed, request(agreed, DEAL_STATUS_MOU_SIGNED, date(2021, 1, 1)));
        assertRefused("FORWARD_ON_MAIN_LINE", agreed, request(agreed, DEAL_STATUS_PROPOSED, date(2021, 1, 1))
                .setNote("A note does not allow going back to proposed."));

        Deal negotiating = walk(proposed(), DEAL_STATUS_UNDER_NEGOTIATION);
        assertRefused("FORWARD_ON_MAIN_LINE", negotiating,
                request(negotiating, DEAL_STATUS_PROPOSED, date(2021, 1, 1)));
    }

    @Test
    void completionFromImplementation() throws Exception {
        Deal deal = proposed();
        assertRefused("COMPLETION_FROM_IMPLEMENTATION", deal, request(deal, DEAL_STATUS_COMPLETED, date(2020, 2, 1)));
        Deal approved = walk(proposed(), DEAL_STATUS_FINANCING_APPROVED);
        assertRefused("COMPLETION_FROM_IMPLEMENTATION", approved,
                request(approved, DEAL_STATUS_COMPLETED, date(2021, 1, 1)));
    }

    @Test
    void renegotiationNeedsANote() throws Exception {
        for (DealStatus signed : List.of(DEAL_STATUS_MOU_SIGNED, DEAL_STATUS_AGREEMENT_SIGNED,
                DEAL_STATUS_FINANCING_APPROVED)) {
            Deal deal = walk(proposed(), signed);
            assertRefused("RENEGOTIATION_NEEDS_NOTE", deal,
                    request(deal, DEAL_STATUS_UNDER_NEGOTIATION, date(2021, 1, 1)));
            assertRefused("RENEGOTIATION_NEEDS_NOTE", deal,
                    request(deal, DEAL_STATUS_UNDER_NEGOTIATION, date(2021, 1, 1)).setNote("   "));

            Deal reopened = deals.transitionDealStatus(request(deal, DEAL_STATUS_UNDER_NEGOTIATION, date(2021, 1, 1))
                    .setNote("Talks reopened after the lender asked for new terms.").build());

            assertEquals(DEAL_STATUS_UNDER_NEGOTIATION, reopened.getStatus());
            DealStatusTransition last = last(history(deal.getName()));
            assertEquals(signed, last.getFromStatus());
            assertEquals("Talks reopened after the lender asked for new terms.", last.getNote());
        }
    }

    @Test
    void noOtherBackwardMoveEvenWithANote() throws Exception {
        Deal building = walk(proposed(), DEAL_STATUS_UNDER_IMPLEMENTATION);
        // Only MOU_SIGNED .. FINANCING_APPROVED may go back (RENEGOTIATION_NEEDS_NOTE); any other
        // backward move breaks FORWARD_ON_MAIN_LINE, note or not.
        assertRefused("FORWARD_ON_MAIN_LINE", building,
                request(building, DEAL_STATUS_UNDER_NEGOTIATION, date(2021, 1, 1)).setNote("Talks reopened."));
    }

    @Test
    void finalStatusesAreFinal() throws Exception {
        Deal completed = walk(proposed(), DEAL_STATUS_UNDER_IMPLEMENTATION, DEAL_STATUS_COMPLETED);
        for (DealStatus next : List.of(DEAL_STATUS_CANCELLED, DEAL_STATUS_ON_HOLD, DEAL_STATUS_UNDER_NEGOTIATION)) {
            assertRefused("FINAL_STATUS", completed, request(completed, next, date(2021, 1, 1)).setNote("Reopened."));
        }
        Deal cancelled = walk(proposed(), DEAL_STATUS_CANCELLED);
        for (DealStatus next : List.of(DEAL_STATUS_PROPOSED, DEAL_STATUS_SUPERSEDED, DEAL_STATUS_ON_HOLD)) {
            assertRefused("FINAL_STATUS", cancelled, request(cancelled, next, date(2021, 1, 1)));
        }
        Deal superseded = walk(proposed(), DEAL_STATUS_MOU_SIGNED, DEAL_STATUS_SUPERSEDED);
        assertRefused("FINAL_STATUS", superseded, request(superseded, DEAL_STATUS_AGREEMENT_SIGNED, date(2021, 1, 1)));
    }

    @Test
    void dateOrder() throws Exception {
        Deal deal = walk(proposed(), DEAL_STATUS_UNDER_NEGOTIATION); // latest transition: 2020-02-01
        assertRefused("DATE_ORDER", deal, request(deal, DEAL_STATUS_MOU_SIGNED, date(2020, 1, 31)));
        assertRefused("DATE_ORDER", deal, request(deal, DEAL_STATUS_MOU_SIGNED, date(2020, 1, 0)));
        assertRefused("DATE_ORDER", deal, request(deal, DEAL_STATUS_ON_HOLD, date(2019, 0, 0)));

        // The same day as the latest transition is not before it.
        Deal signed = deals.transitionDealStatus(request(deal, DEAL_STATUS_MOU_SIGNED, date(2020, 2, 1)).build());
        assertEquals(DEAL_STATUS_MOU_SIGNED, signed.getStatus());
    }

    /**
     * A year-only date spans its year, so it may follow 2025-10-01; what follows it must still not
     * end before 2025-10-01, the latest start in the history, or the history would run backwards.
     */
    @Test
    void dateOrderHoldsAgainstEveryEarlierTransitionNotOnlyTheLatest() throws Exception {
        Deal negotiating = deals.transitionDealStatus(request(proposed(), DEAL_STATUS_UNDER_NEGOTIATION,
                date(2025, 10, 1)).build());
        Deal mou = deals.transitionDealStatus(request(negotiating, DEAL_STATUS_MOU_SIGNED, date(2025, 0, 0)).build());
        assertEquals(date(2025, 0, 0), mou.getStatusDate());

        assertRefused("DATE_ORDER", mou, request(mou, DEAL_STATUS_AGREEMENT_SIGNED, date(2025, 2, 1)));
        assertRefused("DATE_ORDER", mou, request(mou, DEAL_STATUS_AGREEMENT_SIGNED, date(2025, 9, 0)));

        // Overlapping the latest start is enough: October 2025 contains 2025-10-01.
        Deal agreed = deals.transitionDealStatus(request(mou, DEAL_STATUS_AGREEMENT_SIGNED, date(2025, 10, 0))
                .build());
        assertEquals(DEAL_STATUS_AGREEMENT_SIGNED, agreed.getStatus());
    }

    @Test
    void holdAndExitFromAnyActiveStatus() {
        for (DealStatus active : List.of(DEAL_STATUS_PROPOSED, DEAL_STATUS_MOU_SIGNED,
                DEAL_STATUS_UNDER_IMPLEMENTATION)) {
            Deal base = active == DEAL_STATUS_PROPOSED ? proposed() : walk(proposed(), active);
            assertEquals(DEAL_STATUS_ON_HOLD, walk(base, DEAL_STATUS_ON_HOLD).getStatus());
            Deal other = active == DEAL_STATUS_PROPOSED ? proposed() : walk(proposed(), active);
            assertEquals(DEAL_STATUS_CANCELLED, walk(other, DEAL_STATUS_CANCELLED).getStatus());
            Deal third = active == DEAL_STATUS_PROPOSED ? proposed() : walk(proposed(), active);
            assertEquals(DEAL_STATUS_SUPERSEDED, walk(third, DEAL_STATUS_SUPERSEDED).getStatus());
        }
        // A deal on hold may still be cancelled or superseded.
        assertEquals(DEAL_STATUS_CANCELLED, walk(proposed(), DEAL_STATUS_ON_HOLD, DEAL_STATUS_CANCELLED).getStatus());
        assertEquals(DEAL_STATUS_SUPERSEDED,
                walk(proposed(), DEAL_STATUS_ON_HOLD, DEAL_STATUS_SUPERSEDED).getStatus());
    }

    @Test
    void resumeFromHoldAtTheHeldStatusOrLater() throws Exception {
        Deal held = onHoldAt(DEAL_STATUS_AGREEMENT_SIGNED);
        assertRefused("RESUME_FROM_HOLD", held, request(held, DEAL_STATUS_MOU_SIGNED, date(2021, 1, 1)));
        assertRefused("RESUME_FROM_HOLD", held, request(held, DEAL_STATUS_PROPOSED, date(2021, 1, 1))
                .setNote("Back to square one."));
        // Back to negotiation is allowed from hold, but only with a note; completion only when held
        // at UNDER_IMPLEMENTATION: each refusal names the rule that is broken.
        assertRefused("RENEGOTIATION_NEEDS_NOTE", held,
                request(held, DEAL_STATUS_UNDER_NEGOTIATION, date(2021, 1, 1)));
        assertRefused("COMPLETION_FROM_IMPLEMENTATION", held,
                request(held, DEAL_STATUS_COMPLETED, date(2021, 1, 1)));

        assertEquals(DEAL_STATUS_AGREEMENT_SIGNED, deals.transitionDealStatus(
                request(held, DEAL_STATUS_AGREEMENT_SIGNED, date(2021, 1, 1)).build()).getStatus());
        Deal heldAgain = onHoldAt(DEAL_STATUS_AGREEMENT_SIGNED);
        assertEquals(DEAL_STATUS_UNDER_IMPLEMENTATION, deals.transitionDealStatus(
                request(heldAgain, DEAL_STATUS_UNDER_IMPLEMENTATION, date(2021, 1, 1)).build()).getStatus());
        Deal heldProposal = onHoldAt(DEAL_STATUS_PROPOSED);
        assertEquals(DEAL_STATUS_UNDER_NEGOTIATION, deals.transitionDealStatus(
                request(heldProposal, DEAL_STATUS_UNDER_NEGOTIATION, date(2021, 1, 1)).build()).getStatus());
    }

    @Test
    void resumeFromHoldBackToNegotiationWithANote() {
        // RESUME_FROM_HOLD: "... or to UNDER_NEGOTIATION with a note", whatever status the deal was held at.
        for (DealStatus heldAt : List.of(DEAL_STATUS_MOU_SIGNED, DEAL_STATUS_UNDER_IMPLEMENTATION)) {
            Deal held = onHoldAt(heldAt);
            Deal resumed = assertDoesNotThrow(() -> deals.transitionDealStatus(request(held,
                    DEAL_STATUS_UNDER_NEGOTIATION, date(2021, 1, 1))
                    .setNote("Work stalled; the terms are being renegotiated.").build()),
                    "held at " + heldAt + ": RESUME_FROM_HOLD allows UNDER_NEGOTIATION with a note");
            assertEquals(DEAL_STATUS_UNDER_NEGOTIATION, resumed.getStatus(), "held at " + heldAt);
            assertEquals(DEAL_STATUS_ON_HOLD, last(history(held.getName())).getFromStatus());
        }
    }

    @Test
    void aStaleEtagIsAbortedAndAppendsNothing() throws Exception {
        Deal deal = proposed();
        Deal moved = deals.transitionDealStatus(request(deal, DEAL_STATUS_UNDER_NEGOTIATION, date(2020, 2, 1))
                .setEtag(deal.getEtag()).build());

        StatusRuntimeException e = assertFails(Status.Code.ABORTED, () -> deals.transitionDealStatus(
                request(deal, DEAL_STATUS_MOU_SIGNED, date(2020, 3, 1)).setEtag(deal.getEtag()).build()));

        assertEquals("ETAG_MISMATCH", GrpcErrors.errorInfo(e).getReason());
        assertEquals(moved, get(deal.getName()));
        assertEquals(2, transitionRows(dataSource, deal.getName()));
    }

    @Test
    void refusesBadRequestsWithEveryViolationAndAppendsNothing() throws Exception {
        Deal deal = proposed();
        long before = transitionRows(dataSource, deal.getName());

        assertInvalid(Set.of("to_status", "effective_date"), () -> deals.transitionDealStatus(
                TransitionDealStatusRequest.newBuilder().setName(deal.getName()).build()));
        assertInvalid(Set.of("to_status", "effective_date", "note"), () -> deals.transitionDealStatus(
                TransitionDealStatusRequest.newBuilder().setName(deal.getName()).setToStatusValue(99)
                        .setEffectiveDate(DealFixtures.nextYear()).setNote("n".repeat(2001)).build()));
        assertInvalid(Set.of("effective_date"), () -> deals.transitionDealStatus(
                request(deal, DEAL_STATUS_MOU_SIGNED, date(2020, 2, 30)).build()));
        assertInvalid(Set.of("source.outlet", "source.url"), () -> deals.transitionDealStatus(
                request(deal, DEAL_STATUS_MOU_SIGNED, date(2020, 2, 1)).setSource(
                        org.corridorwatch.api.common.v1.Source.newBuilder().setUrl("not a url")).build()));
        assertInvalid(Set.of("name"), () -> deals.transitionDealStatus(
                request(deal, DEAL_STATUS_MOU_SIGNED, date(2020, 2, 1)).setName("deals/Bad Name").build()));
        // A bad name is reported with the other violations, in one round trip.
        assertInvalid(Set.of("name", "to_status", "effective_date", "note", "source.outlet"),
                () -> deals.transitionDealStatus(TransitionDealStatusRequest.newBuilder().setName("deals/Bad Name")
                        .setNote("n".repeat(2001)).setSource(org.corridorwatch.api.common.v1.Source.newBuilder()
                                .setUrl("https://example.org/x")).build()));
        assertInvalid(Set.of("name", "to_status", "effective_date"), () -> deals.transitionDealStatus(
                TransitionDealStatusRequest.getDefaultInstance()));

        assertEquals(before, transitionRows(dataSource, deal.getName()));
        assertEquals(deal, get(deal.getName()));
    }

    @Test
    void aMissingDealIsNotFound() {
        StatusRuntimeException e = assertFails(Status.Code.NOT_FOUND, () -> deals.transitionDealStatus(
                TransitionDealStatusRequest.newBuilder().setName("deals/never-created")
                        .setToStatus(DEAL_STATUS_MOU_SIGNED).setEffectiveDate(date(2020, 2, 1)).build()));
        assertEquals("deals/never-created",
                GrpcErrors.detail(e, com.google.rpc.ResourceInfo.class).getResourceName());
    }

    /**
     * Two transitions of one deal with the same etag, released at once by a start gate: exactly
     * one wins, the other is ABORTED, and the history grows by exactly one entry. Each round uses
     * a fresh deal and two different legal targets, so the winner is visible in the result.
     */
    @Test
    void ofTwoConcurrentTransitionsExactlyOneSucceeds() throws Exception {
        for (int round = 0; round < 5; round++) {
            Deal deal = proposed();
            long before = transitionRows(dataSource, deal.getName());
            List<Callable<Deal>> calls = new ArrayList<>();
            for (DealStatus target : List.of(DEAL_STATUS_UNDER_NEGOTIATION, DEAL_STATUS_ON_HOLD)) {
                calls.add(() -> deals.transitionDealStatus(request(deal, target, date(2020, 2, 1))
                        .setEtag(deal.getEtag()).setNote("Racing to " + target).build()));
            }

            Deal winner = assertOneWinsTheOthersAbort(race(calls));

            assertEquals(before + 1, transitionRows(dataSource, deal.getName()), "round " + round);
            assertEquals(winner, get(deal.getName()));
            DealStatusTransition appended = last(history(deal.getName()));
            assertEquals(winner.getStatus(), appended.getToStatus());
            assertEquals("Racing to " + winner.getStatus(), appended.getNote());
        }
    }

    /** Expects the refusal by the rule, with nothing appended and the deal unchanged. */
    private void assertRefused(String rule, Deal deal, TransitionDealStatusRequest.Builder request)
            throws SQLException {
        long before = transitionRows(dataSource, deal.getName());
        StatusRuntimeException e = assertIllegalTransition(rule, deal.getName(),
                () -> deals.transitionDealStatus(request.build()));
        ErrorInfo info = GrpcErrors.errorInfo(e);
        assertEquals(deal.getStatus().name(), info.getMetadataOrThrow("from"));
        assertEquals(request.getToStatus().name(), info.getMetadataOrThrow("to"));
        assertEquals(before, transitionRows(dataSource, deal.getName()), "nothing appended to the history");
        assertEquals(deal, get(deal.getName()));
    }

    @Test
    void aDealOfUnknownDateIsPutOnHoldAtTheDateOfTheReportAndDatesBoundOnlyFromThen() throws Exception {
        // CPEC in the seed: no announced date, so its first entry is undated and bounds nothing.
        Deal undated = deals.createDeal(CreateDealRequest.newBuilder().setDeal(DealFixtures.ml1().toBuilder()
                .clearAnnouncedDate().setStatus(DealStatus.DEAL_STATUS_UNDER_IMPLEMENTATION)).build());
        assertFalse(undated.hasStatusDate());

        Deal held = deals.transitionDealStatus(request(undated, DEAL_STATUS_ON_HOLD, date(2025, 9, 0))
                .setNote("Much of the planned investment is widely believed to have been put on hold.").build());

        assertEquals(DEAL_STATUS_ON_HOLD, held.getStatus());
        assertEquals(date(2025, 9, 0), held.getStatusDate());
        List<DealStatusTransition> history = history(held.getName());
        assertFalse(history.get(0).hasEffectiveDate());
        assertEquals(date(2025, 9, 0), last(history).getEffectiveDate());
        // From the dated entry on, DATE_ORDER applies as for any deal.
        assertRefused("DATE_ORDER", held, request(held, DealStatus.DEAL_STATUS_UNDER_IMPLEMENTATION, date(2025, 8, 0))
                .setNote("Resumed"));
    }

    /** A new deal, PROPOSED since {@link #START}. */
    private Deal proposed() {
        return deals.createDeal(CreateDealRequest.newBuilder().setDeal(DealFixtures.ml1().toBuilder().clearStatus()
                .setAnnouncedDate(START)).build());
    }

    /** A new deal that reached {@code heldAt} and was then put on hold. */
    private Deal onHoldAt(DealStatus heldAt) {
        Deal deal = proposed();
        return heldAt == DEAL_STATUS_PROPOSED ? walk(deal, DEAL_STATUS_ON_HOLD) : walk(deal, heldAt, DEAL_STATUS_ON_HOLD);
    }

    /** Moves the deal through the statuses, a month apart after its latest transition, each with a note. */
    private Deal walk(Deal deal, DealStatus... path) {
        for (DealStatus next : path) {
            Date latest = deal.getStatusDate();
            Date when = latest.getMonth() == 12 ? date(latest.getYear() + 1, 1, 1)
                    : date(latest.getYear(), latest.getMonth() + 1, 1);
            deal = deals.transitionDealStatus(request(deal, next, when).setNote("Test step to " + next).build());
            assertEquals(next, deal.getStatus());
        }
        return deal;
    }

    private static TransitionDealStatusRequest.Builder request(Deal deal, DealStatus to, Date when) {
        return TransitionDealStatusRequest.newBuilder().setName(deal.getName()).setToStatus(to).setEffectiveDate(when);
    }

    private Deal get(String name) {
        return deals.getDeal(GetDealRequest.newBuilder().setName(name).build());
    }

    private List<DealStatusTransition> history(String name) {
        return deals.listDealStatusHistory(ListDealStatusHistoryRequest.newBuilder().setName(name).setPageSize(1000)
                .build()).getTransitionsList();
    }

    private static DealStatusTransition last(List<DealStatusTransition> history) {
        return history.get(history.size() - 1);
    }

    private static int later(com.google.protobuf.Timestamp a, com.google.protobuf.Timestamp b) {
        return a.getSeconds() != b.getSeconds() ? Long.compare(a.getSeconds(), b.getSeconds())
                : Integer.compare(a.getNanos(), b.getNanos());
    }
}
