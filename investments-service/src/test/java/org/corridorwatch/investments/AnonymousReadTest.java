package org.corridorwatch.investments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.DeleteDealRequest;
import org.corridorwatch.api.investments.v1.GetDealRequest;
import org.corridorwatch.api.investments.v1.ListDealsRequest;
import org.corridorwatch.testing.GrpcErrors;
import org.corridorwatch.testing.TestTokens;
import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With CORRIDORWATCH_AUTH_ANONYMOUS_READ=true reads need no token; writes still do. */
@QuarkusTest
@TestProfile(AnonymousReadTest.AnonymousRead.class)
class AnonymousReadTest {

    public static class AnonymousRead implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("corridorwatch.auth.anonymous-read", "true");
        }
    }

    @GrpcClient("investments")
    DealServiceBlockingStub deals;

    private DealServiceBlockingStub anonymous() {
        return deals.withCallCredentials(TestTokens.none());
    }

    @Test
    void readsNeedNoToken() {
        Deal deal = deals.createDeal(CreateDealRequest.newBuilder().setDeal(DealFixtures.ml1()).build());

        assertEquals(deal, anonymous().getDeal(GetDealRequest.newBuilder().setName(deal.getName()).build()));
        anonymous().listDeals(ListDealsRequest.getDefaultInstance());
    }

    @Test
    void writesStillNeedAToken() {
        Deal deal = deals.createDeal(CreateDealRequest.newBuilder().setDeal(DealFixtures.ml1()).build());

        StatusRuntimeException create = assertThrows(StatusRuntimeException.class,
                () -> anonymous().createDeal(CreateDealRequest.newBuilder().setDeal(DealFixtures.ml1()).build()));
        StatusRuntimeException delete = assertThrows(StatusRuntimeException.class,
                () -> anonymous().deleteDeal(DeleteDealRequest.newBuilder().setName(deal.getName()).build()));

        for (StatusRuntimeException e : new StatusRuntimeException[] {create, delete}) {
            assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
            assertEquals("MISSING_CREDENTIALS", GrpcErrors.errorInfo(e).getReason());
        }
        anonymous().getDeal(GetDealRequest.newBuilder().setName(deal.getName()).build()); // still there
    }

    @Test
    void aTokenThatIsSentIsStillVerified() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> deals
                .withCallCredentials(TestTokens.bearer(TestTokens.expired()))
                .listDeals(ListDealsRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        assertEquals("TOKEN_EXPIRED", GrpcErrors.errorInfo(e).getReason());
    }
}
