package org.corridorwatch.investments;

import java.sql.SQLException;
import java.util.UUID;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.ImportDealsRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.DeleteDealRequest;
import org.corridorwatch.api.investments.v1.UndeleteDealRequest;
import org.corridorwatch.api.investments.v1.TransitionDealStatusRequest;
import org.corridorwatch.api.investments.v1.UpdateDealRequest;
import org.corridorwatch.testing.AccessMatrixTest;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;

import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Every DealService RPC against every kind of token (test-support's AccessMatrixTest). */
@QuarkusTest
class DealAccessTest extends AccessMatrixTest {

    @GrpcClient("investments")
    Channel channel;

    @GrpcClient("investments")
    DealServiceBlockingStub deals;

    @Inject
    DataSource dataSource;

    @Override
    protected Channel channel() {
        return channel;
    }

    @Override
    protected ServiceDescriptor service() {
        return DealServiceGrpc.getServiceDescriptor();
    }

    @Override
    protected Message request(MethodDescriptor<?, ?> method) {
        return switch (method.getBareMethodName()) {
            case "CreateDeal" -> CreateDealRequest.newBuilder().setDealId("access-" + UUID.randomUUID())
                    .setDeal(DealFixtures.ml1()).build();
            case "ImportDeals" -> ImportDealsRequest.newBuilder().addRecords(CreateDealRequest.newBuilder().setDealId("access-" + UUID.randomUUID())
                    .setDeal(DealFixtures.ml1()))
                    .build();
            case "UpdateDeal" -> UpdateDealRequest.newBuilder()
                    .setDeal(existing().toBuilder().setTitle("Retitled by the access test"))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("title")).build();
            case "TransitionDealStatus" -> TransitionDealStatusRequest.newBuilder().setName(existing().getName())
                    .setToStatus(DealStatus.DEAL_STATUS_MOU_SIGNED).setEffectiveDate(DealFixtures.date(2025, 10, 1))
                    .build();
            case "DeleteDeal" -> DeleteDealRequest.newBuilder().setName(existing().getName()).build();
            case "UndeleteDeal" -> UndeleteDealRequest.newBuilder().setName(deleted().getName()).build();
            default -> prototype(method);
        };
    }

    /** A deal created and deleted with the default (admin) token. */
    private Deal deleted() {
        Deal deal = existing();
        deals.deleteDeal(DeleteDealRequest.newBuilder().setName(deal.getName()).build());
        return deal;
    }

    /** A new deal, created with the default (admin) token. */
    private Deal existing() {
        return deals.createDeal(CreateDealRequest.newBuilder().setDeal(DealFixtures.ml1()).build());
    }

    @Override
    protected Object snapshot() throws SQLException {
        return queryValue(dataSource, "SELECT (SELECT count(*) FROM deals) || ' ' "
                + "|| (SELECT coalesce(max(update_time)::text, '') FROM deals) || ' ' "
                + "|| (SELECT count(*) FROM deal_status_transitions) || ' ' || (SELECT count(*) FROM revisions)");
    }
}
