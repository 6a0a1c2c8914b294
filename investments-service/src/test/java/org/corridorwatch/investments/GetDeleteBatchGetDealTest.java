package org.corridorwatch.investments;

import static org.corridorwatch.investments.InvestmentsTestSupport.assertFails;
import static org.corridorwatch.investments.InvestmentsTestSupport.assertInvalid;
import static org.corridorwatch.investments.InvestmentsTestSupport.mask;
import static org.corridorwatch.investments.InvestmentsTestSupport.transitionRows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import com.google.rpc.ResourceInfo;

import org.corridorwatch.api.investments.v1.BatchGetDealsRequest;
import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.DeleteDealRequest;
import org.corridorwatch.api.investments.v1.GetDealRequest;
import org.corridorwatch.api.investments.v1.ListDealStatusHistoryRequest;
import org.corridorwatch.api.investments.v1.ListDealRevisionsRequest;
import org.corridorwatch.api.investments.v1.DealRevision;
import org.corridorwatch.api.investments.v1.UndeleteDealRequest;
import org.corridorwatch.api.common.v1.ChangeKind;
import org.corridorwatch.api.common.v1.RevisionInfo;
import org.corridorwatch.api.investments.v1.TransitionDealStatusRequest;
import org.corridorwatch.api.investments.v1.UpdateDealRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class GetDeleteBatchGetDealTest {

    @GrpcClient("investments")
    DealServiceBlockingStub deals;

    @Inject
    DataSource dataSource;

    @Test
    void getReturnsTheDeal() {
        Deal created = create(DealFixtures.ml1(), "");
        assertEquals(created, get(created.getName()));
    }

    @Test
    void getReportsMissingDealsWithTheirName() {
        StatusRuntimeException missing = assertFails(Status.Code.NOT_FOUND, () -> get("deals/never-created"));
        assertEquals("RESOURCE_NOT_FOUND", GrpcErrors.errorInfo(missing).getReason());
        assertEquals("deals/never-created", GrpcErrors.detail(missing, ResourceInfo.class).getResourceName());
    }

    @Test
    void getRefusesMalformedNames() {
        for (String bad : List.of("", "deals/", "deals/Not_Valid", "incidents/abc", "deals/-x", "deals/a/b")) {
            assertInvalid(Set.of("name"), () -> get(bad));
        }
    }

    @Test
    void deleteHidesTheDealAndKeepsItsHistoryForUndelete() throws Exception {
        Deal deal = create(DealFixtures.ml1(), "");
        deal = deals.transitionDealStatus(TransitionDealStatusRequest.newBuilder().setName(deal.getName())
                .setToStatus(DealStatus.DEAL_STATUS_MOU_SIGNED).setEffectiveDate(DealFixtures.date(2025, 10, 1))
                .build());
        assertEquals(2, transitionRows(dataSource, deal.getName()));

        deals.deleteDeal(DeleteDealRequest.newBuilder().setName(deal.getName()).setEtag(deal.getEtag()).build());

        String name = deal.getName();
        assertFails(Status.Code.NOT_FOUND, () -> get(name));
        assertEquals(2, transitionRows(dataSource, name)); // soft: kept for Undelete
        assertFails(Status.Code.NOT_FOUND, () -> deals.listDealStatusHistory(
                ListDealStatusHistoryRequest.newBuilder().setName(name).build()));
        assertFails(Status.Code.NOT_FOUND, () -> deals.transitionDealStatus(TransitionDealStatusRequest.newBuilder()
                .setName(name).setToStatus(DealStatus.DEAL_STATUS_ON_HOLD)
                .setEffectiveDate(DealFixtures.date(2025, 11, 1)).build()));
        StatusRuntimeException again = assertFails(Status.Code.NOT_FOUND,
                () -> deals.deleteDeal(DeleteDealRequest.newBuilder().setName(name).build()));
        assertEquals(name, GrpcErrors.detail(again, ResourceInfo.class).getResourceName());

        Deal restored = deals.undeleteDeal(UndeleteDealRequest.newBuilder().setName(name).build());
        assertEquals(DealStatus.DEAL_STATUS_MOU_SIGNED, restored.getStatus());
        assertEquals(2, deals.listDealStatusHistory(ListDealStatusHistoryRequest.newBuilder().setName(name).build())
                .getTransitionsCount());
    }

    @Test
    void aTransitionIsARevisionWithItsNoteAsReasonUnlessOneIsGiven() throws Exception {
        Deal deal = create(DealFixtures.ml1(), "");
        deals.transitionDealStatus(TransitionDealStatusRequest.newBuilder().setName(deal.getName())
                .setToStatus(DealStatus.DEAL_STATUS_ON_HOLD).setEffectiveDate(DealFixtures.date(2025, 10, 1))
                .setNote("financing talks stalled").build());
        String requestId = UUID.randomUUID().toString();
        TransitionDealStatusRequest resume = TransitionDealStatusRequest.newBuilder().setName(deal.getName())
                .setToStatus(DealStatus.DEAL_STATUS_UNDER_NEGOTIATION).setEffectiveDate(DealFixtures.date(2025, 11, 1))
                .setNote("talks reopened").setReason("per the ministry's statement").setRequestId(requestId).build();
        Deal resumed = deals.transitionDealStatus(resume);
        // A retry with the request_id writes no second transition.
        assertEquals(resumed, deals.transitionDealStatus(resume));
        assertEquals(3, transitionRows(dataSource, deal.getName()));

        List<DealRevision> revisions = deals.listDealRevisions(ListDealRevisionsRequest.newBuilder()
                .setName(deal.getName()).build()).getRevisionsList();
        assertEquals(3, revisions.size());
        RevisionInfo latest = revisions.get(0).getRevision();
        assertEquals(ChangeKind.CHANGE_KIND_UPDATED, latest.getChangeKind());
        assertEquals("per the ministry's statement", latest.getReason());
        assertEquals(requestId, latest.getRequestId());
        assertEquals(List.of("status", "status_date"), latest.getChangedFields().getPathsList());
        assertEquals("financing talks stalled", revisions.get(1).getRevision().getReason());
        assertEquals(DealStatus.DEAL_STATUS_ON_HOLD, revisions.get(1).getDeal().getStatus());
    }

    @Test
    void deleteWithAStaleEtagIsAbortedAndKeepsTheDeal() throws Exception {
        Deal deal = create(DealFixtures.mineralsMou(), "");
        Deal edited = deals.updateDeal(UpdateDealRequest.newBuilder()
                .setDeal(Deal.newBuilder().setName(deal.getName()).setTitle("Edited")).setUpdateMask(mask("title"))
                .build());

        StatusRuntimeException e = assertFails(Status.Code.ABORTED, () -> deals.deleteDeal(
                DeleteDealRequest.newBuilder().setName(deal.getName()).setEtag(deal.getEtag()).build()));

        assertEquals("ETAG_MISMATCH", GrpcErrors.errorInfo(e).getReason());
        assertEquals(edited, get(deal.getName()));
        assertEquals(1, transitionRows(dataSource, deal.getName()));
    }

    @Test
    void deleteRefusesMalformedNames() {
        assertInvalid(Set.of("name"), () -> deals.deleteDeal(DeleteDealRequest.newBuilder().setName("deals/A B")
                .build()));
    }

    @Test
    void batchGetReturnsDealsInTheOrderAskedWithRepeats() {
        Deal a = create(DealFixtures.ml1(), "");
        Deal b = create(DealFixtures.mineralsMou(), "");
        Deal c = create(DealFixtures.scoJointVentures(), "");

        List<Deal> got = deals.batchGetDeals(BatchGetDealsRequest.newBuilder().addNames(c.getName())
                .addNames(a.getName()).addNames(c.getName()).addNames(b.getName()).build()).getDealsList();

        assertEquals(List.of(c, a, c, b), got);
    }

    @Test
    void batchGetNamesTheFirstMissingDeal() {
        Deal a = create(DealFixtures.ml1(), "");

        StatusRuntimeException e = assertFails(Status.Code.NOT_FOUND, () -> deals.batchGetDeals(
                BatchGetDealsRequest.newBuilder().addNames(a.getName()).addNames("deals/gone-first")
                        .addNames("deals/gone-second").build()));

        assertEquals("RESOURCE_NOT_FOUND", GrpcErrors.errorInfo(e).getReason());
        assertEquals("deals/gone-first", GrpcErrors.detail(e, ResourceInfo.class).getResourceName());
    }

    @Test
    void batchGetRefusesNoNamesTooManyAndMalformedOnes() {
        assertInvalid(Set.of("names"), () -> deals.batchGetDeals(BatchGetDealsRequest.getDefaultInstance()));

        BatchGetDealsRequest.Builder tooMany = BatchGetDealsRequest.newBuilder();
        for (int i = 0; i < 1001; i++) {
            tooMany.addNames("deals/d-" + i);
        }
        assertInvalid(Set.of("names"), () -> deals.batchGetDeals(tooMany.build()));

        assertInvalid(Set.of("names[1]"), () -> deals.batchGetDeals(BatchGetDealsRequest.newBuilder()
                .addNames("deals/ok").addNames("incidents/x").build()));
    }

    @Test
    void batchGetAcceptsAThousandNames() {
        Deal a = create(DealFixtures.ml1(), "");
        BatchGetDealsRequest.Builder thousand = BatchGetDealsRequest.newBuilder();
        for (int i = 0; i < 1000; i++) {
            thousand.addNames(a.getName());
        }
        assertEquals(1000, deals.batchGetDeals(thousand.build()).getDealsCount());
    }

    private Deal create(Deal deal, String id) {
        return deals.createDeal(CreateDealRequest.newBuilder().setDeal(deal).setDealId(id).build());
    }

    private Deal get(String name) {
        return deals.getDeal(GetDealRequest.newBuilder().setName(name).build());
    }
}
