package org.corridorwatch.investments;

import static org.corridorwatch.investments.InvestmentsTestSupport.assertFails;
import static org.corridorwatch.investments.InvestmentsTestSupport.dealRows;
import static org.corridorwatch.investments.InvestmentsTestSupport.transitionRows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import com.google.rpc.BadRequest;
import com.google.rpc.BadRequest.FieldViolation;

import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.GetDealRequest;
import org.corridorwatch.api.investments.v1.ListDealStatusHistoryRequest;
import org.corridorwatch.api.investments.v1.TransitionDealStatusRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Control and bidi characters, which would let a record rewrite an analyst's terminal, are refused. */
@QuarkusTest
class TextCharactersTest {

    @GrpcClient("investments")
    DealServiceBlockingStub deals;

    @Inject
    DataSource dataSource;

    @Test
    void refusesAnEscapeSequenceInTheTitleAndWritesNothing() throws Exception {
        // Moves the cursor up a line and erases it: the title would hide the line above it.
        Deal bad = DealFixtures.ml1().toBuilder().setTitle("ML-1 railway upgrade\u001b[1A\u001b[2K").build();
        long dealsBefore = dealRows(dataSource);
        long transitionsBefore = transitionRows(dataSource);

        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> deals.createDeal(CreateDealRequest.newBuilder().setDeal(bad).build()));

        assertEquals(List.of(FieldViolation.newBuilder().setField("deal.title")
                .setDescription("must not contain control characters (found U+001B at offset 20)").build()),
                GrpcErrors.detail(e, BadRequest.class).getFieldViolationsList());
        assertEquals(dealsBefore, dealRows(dataSource));
        assertEquals(transitionsBefore, transitionRows(dataSource));
    }

    @Test
    void namesEveryFieldWithARefusedCharacter() throws Exception {
        Deal ml1 = DealFixtures.ml1();
        Deal bad = ml1.toBuilder()
                .setSummary("Talks \u009b2J advanced")
                .setParties(0, ml1.getParties(0).toBuilder().setName("Asian\u0007Development Bank"))
                .setLocation("Karachi\r\nRohri")
                .setSources(0, ml1.getSources(0).toBuilder().setTitle("\u2067Pakistan\u2069 signs"))
                .build();
        long dealsBefore = dealRows(dataSource);

        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> deals.createDeal(CreateDealRequest.newBuilder().setDeal(bad).build()));

        assertEquals(Set.of("deal.summary", "deal.parties[0].name", "deal.location", "deal.sources[0].title"),
                GrpcErrors.violatedFields(e));
        assertEquals(dealsBefore, dealRows(dataSource));
    }

    @Test
    void aTransitionNoteKeepsLineBreaksButNotEscapes() throws Exception {
        Deal deal = deals.createDeal(CreateDealRequest.newBuilder().setDeal(DealFixtures.ml1().toBuilder()
                .clearStatus()).build());
        TransitionDealStatusRequest.Builder transition = TransitionDealStatusRequest.newBuilder()
                .setName(deal.getName()).setToStatus(DealStatus.DEAL_STATUS_UNDER_NEGOTIATION)
                .setEffectiveDate(DealFixtures.date(2025, 8, 0));

        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> deals.transitionDealStatus(
                transition.setNote("Talks reopened.\u001b[31m").build()));
        assertEquals(List.of(FieldViolation.newBuilder().setField("note").setDescription("must not contain control"
                + " characters other than tab, line feed and CR LF (found U+001B at offset 15)").build()),
                GrpcErrors.detail(e, BadRequest.class).getFieldViolationsList());
        assertEquals(1, transitionRows(dataSource, deal.getName()));

        String note = "Talks reopened with the ADB.\nFinancing:\t$2 billion";
        deals.transitionDealStatus(transition.setNote(note).build());
        assertEquals(DealStatus.DEAL_STATUS_UNDER_NEGOTIATION,
                deals.getDeal(GetDealRequest.newBuilder().setName(deal.getName()).build()).getStatus());
        assertEquals(note, deals.listDealStatusHistory(ListDealStatusHistoryRequest.newBuilder()
                .setName(deal.getName()).build()).getTransitions(1).getNote());
    }
}
