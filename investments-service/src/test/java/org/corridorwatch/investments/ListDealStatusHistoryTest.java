package org.corridorwatch.investments;

import static org.corridorwatch.api.investments.v1.DealStatus.DEAL_STATUS_AGREEMENT_SIGNED;
import static org.corridorwatch.api.investments.v1.DealStatus.DEAL_STATUS_MOU_SIGNED;
import static org.corridorwatch.api.investments.v1.DealStatus.DEAL_STATUS_ON_HOLD;
import static org.corridorwatch.api.investments.v1.DealStatus.DEAL_STATUS_PROPOSED;
import static org.corridorwatch.api.investments.v1.DealStatus.DEAL_STATUS_UNDER_NEGOTIATION;
import static org.corridorwatch.api.investments.v1.DealStatus.DEAL_STATUS_UNSPECIFIED;
import static org.corridorwatch.investments.DealFixtures.date;
import static org.corridorwatch.investments.InvestmentsTestSupport.assertFails;
import static org.corridorwatch.investments.InvestmentsTestSupport.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;
import com.google.rpc.ResourceInfo;
import com.google.type.Date;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.DealStatusTransition;
import org.corridorwatch.api.investments.v1.ListDealStatusHistoryRequest;
import org.corridorwatch.api.investments.v1.ListDealStatusHistoryResponse;
import org.corridorwatch.api.investments.v1.ListDealsRequest;
import org.corridorwatch.api.investments.v1.TransitionDealStatusRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ListDealStatusHistoryTest {

    /** Test input: a fictional report of the reopened talks. */
    private static final Source REUTERS = Source.newBuilder().setOutlet("Reuters")
            .setUrl("https://example.org/reports/ml-1-talks").setTitle("ADB in advanced talks on ML-1")
            .setPublishedDate(date(2025, 8, 0)).build();

    @GrpcClient("investments")
    DealServiceBlockingStub deals;

    @Test
    void listsEveryTransitionOldestFirstWithAllItsFields() {
        Instant before = Instant.now().minusSeconds(1);
        Deal deal = createProposed(date(2024, 0, 0));
        transition(deal, DEAL_STATUS_UNDER_NEGOTIATION, date(2025, 8, 0), "", REUTERS);
        transition(deal, DEAL_STATUS_MOU_SIGNED, date(2025, 9, 1), "MoU signed.", null);
        transition(deal, DEAL_STATUS_ON_HOLD, date(2025, 9, 15), "Financing delayed.", null);
        Deal last = transition(deal, DEAL_STATUS_UNDER_NEGOTIATION, date(2025, 10, 1), "Talks reopened with the ADB.",
                REUTERS);

        List<DealStatusTransition> history = deals.listDealStatusHistory(ListDealStatusHistoryRequest.newBuilder()
                .setName(deal.getName()).build()).getTransitionsList();

        List<DealStatusTransition> expected = List.of(
                entry(DEAL_STATUS_UNSPECIFIED, DEAL_STATUS_PROPOSED, date(2024, 0, 0), "", null),
                entry(DEAL_STATUS_PROPOSED, DEAL_STATUS_UNDER_NEGOTIATION, date(2025, 8, 0), "", REUTERS),
                entry(DEAL_STATUS_UNDER_NEGOTIATION, DEAL_STATUS_MOU_SIGNED, date(2025, 9, 1), "MoU signed.", null),
                entry(DEAL_STATUS_MOU_SIGNED, DEAL_STATUS_ON_HOLD, date(2025, 9, 15), "Financing delayed.", null),
                entry(DEAL_STATUS_ON_HOLD, DEAL_STATUS_UNDER_NEGOTIATION, date(2025, 10, 1),
                        "Talks reopened with the ADB.", REUTERS));
        assertEquals(expected, withoutRecordTimes(history));

        // Record times: set, no earlier than the test began, in recording order; the first is the create time.
        assertEquals(deal.getCreateTime(), history.get(0).getRecordTime());
        assertEquals(last.getUpdateTime(), history.get(history.size() - 1).getRecordTime());
        for (int i = 0; i < history.size(); i++) {
            assertTrue(history.get(i).getRecordTime().getSeconds() >= before.getEpochSecond());
            if (i > 0) {
                assertTrue(compare(history.get(i - 1).getRecordTime(), history.get(i).getRecordTime()) <= 0);
            }
        }
    }

    @Test
    void aFirstEntryFromACreateWithAStatusDateCarriesThatDate() {
        Deal deal = deals.createDeal(CreateDealRequest.newBuilder().setDeal(DealFixtures.scoJointVentures())
                .setStatusDate(date(2025, 9, 3)).build());
        List<DealStatusTransition> history = deals.listDealStatusHistory(ListDealStatusHistoryRequest.newBuilder()
                .setName(deal.getName()).build()).getTransitionsList();
        assertEquals(List.of(entry(DEAL_STATUS_UNSPECIFIED, DEAL_STATUS_AGREEMENT_SIGNED, date(2025, 9, 3), "", null)),
                withoutRecordTimes(history));
    }

    @Test
    void pagesTwoAtATimeOverFiveEntries() {
        Deal deal = dealWithFiveEntries();
        List<DealStatusTransition> all = deals.listDealStatusHistory(ListDealStatusHistoryRequest.newBuilder()
                .setName(deal.getName()).build()).getTransitionsList();
        assertEquals(5, all.size());

        List<DealStatusTransition> paged = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        ListDealStatusHistoryRequest request = ListDealStatusHistoryRequest.newBuilder().setName(deal.getName())
                .setPageSize(2).build();
        while (true) {
            ListDealStatusHistoryResponse page = deals.listDealStatusHistory(request);
            paged.addAll(page.getTransitionsList());
            sizes.add(page.getTransitionsCount());
            if (page.getNextPageToken().isEmpty()) {
                break;
            }
            request = request.toBuilder().setPageToken(page.getNextPageToken()).build();
        }

        assertEquals(List.of(2, 2, 1), sizes);
        assertEquals(all, paged);
    }

    @Test
    void aTokenIsTiedToItsDeal() {
        Deal deal = dealWithFiveEntries();
        Deal other = dealWithFiveEntries();
        String token = deals.listDealStatusHistory(ListDealStatusHistoryRequest.newBuilder().setName(deal.getName())
                .setPageSize(2).build()).getNextPageToken();
        assertFalse(token.isEmpty());

        assertInvalid(Set.of("page_token"), () -> deals.listDealStatusHistory(ListDealStatusHistoryRequest
                .newBuilder().setName(other.getName()).setPageSize(2).setPageToken(token).build()));
        assertInvalid(Set.of("page_token"), () -> deals.listDealStatusHistory(ListDealStatusHistoryRequest
                .newBuilder().setName(deal.getName()).setPageToken("garbage!").build()));
        assertInvalid(Set.of("page_token"), () -> deals.listDealStatusHistory(ListDealStatusHistoryRequest
                .newBuilder().setName(deal.getName()).setPageToken(token.substring(0, token.length() - 1)).build()));
        // Nor does ListDeals take it.
        assertInvalid(Set.of("page_token"), () -> deals.listDeals(ListDealsRequest.newBuilder().setPageToken(token)
                .build()));
        // The same deal with another page size keeps its place.
        assertEquals(3, deals.listDealStatusHistory(ListDealStatusHistoryRequest.newBuilder().setName(deal.getName())
                .setPageSize(10).setPageToken(token).build()).getTransitionsCount());
    }

    @Test
    void refusesNegativePageSizesAndMalformedNames() {
        Deal deal = createProposed(date(2024, 1, 1));
        assertInvalid(Set.of("page_size"), () -> deals.listDealStatusHistory(ListDealStatusHistoryRequest
                .newBuilder().setName(deal.getName()).setPageSize(-1).build()));
        assertInvalid(Set.of("name"), () -> deals.listDealStatusHistory(ListDealStatusHistoryRequest.newBuilder()
                .setName("deals/").build()));
        assertEquals(1, deals.listDealStatusHistory(ListDealStatusHistoryRequest.newBuilder().setName(deal.getName())
                .setPageSize(1_000_000).build()).getTransitionsCount());
    }

    @Test
    void aMissingDealIsNotFound() {
        StatusRuntimeException e = assertFails(Status.Code.NOT_FOUND, () -> deals.listDealStatusHistory(
                ListDealStatusHistoryRequest.newBuilder().setName("deals/never-created").build()));
        assertEquals("RESOURCE_NOT_FOUND", GrpcErrors.errorInfo(e).getReason());
        assertEquals("deals/never-created", GrpcErrors.detail(e, ResourceInfo.class).getResourceName());
    }

    private Deal dealWithFiveEntries() {
        Deal deal = createProposed(date(2024, 1, 1));
        transition(deal, DEAL_STATUS_UNDER_NEGOTIATION, date(2024, 2, 1), "", null);
        transition(deal, DEAL_STATUS_MOU_SIGNED, date(2024, 3, 1), "", null);
        transition(deal, DEAL_STATUS_ON_HOLD, date(2024, 4, 1), "", null);
        transition(deal, DEAL_STATUS_MOU_SIGNED, date(2024, 5, 1), "", null);
        return deal;
    }

    private Deal createProposed(Date announced) {
        return deals.createDeal(CreateDealRequest.newBuilder().setDeal(DealFixtures.ml1().toBuilder().clearStatus()
                .setAnnouncedDate(announced)).build());
    }

    private Deal transition(Deal deal, DealStatus to, Date when, String note, Source source) {
        TransitionDealStatusRequest.Builder request = TransitionDealStatusRequest.newBuilder().setName(deal.getName())
                .setToStatus(to).setEffectiveDate(when).setNote(note);
        if (source != null) {
            request.setSource(source);
        }
        return deals.transitionDealStatus(request.build());
    }

    private static DealStatusTransition entry(DealStatus from, DealStatus to, Date when, String note, Source source) {
        DealStatusTransition.Builder entry = DealStatusTransition.newBuilder().setFromStatus(from).setToStatus(to)
                .setEffectiveDate(when).setNote(note);
        if (source != null) {
            entry.setSource(source);
        }
        return entry.build();
    }

    /** The entries with their record times checked separately. */
    private static List<DealStatusTransition> withoutRecordTimes(List<DealStatusTransition> history) {
        history.forEach(t -> assertTrue(t.hasRecordTime(), t::toString));
        return history.stream().map(t -> t.toBuilder().clearRecordTime().build()).toList();
    }

    private static int compare(Timestamp a, Timestamp b) {
        return a.getSeconds() != b.getSeconds() ? Long.compare(a.getSeconds(), b.getSeconds())
                : Integer.compare(a.getNanos(), b.getNanos());
    }
}
