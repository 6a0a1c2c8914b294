package org.corridorwatch.investments;

import java.util.List;

import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.GetDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.UpdateDealRequest;
import org.corridorwatch.testing.StandardUpdateCases;

import com.google.protobuf.FieldMask;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** The standard Update's order of checks and its no-op rule (StandardUpdateCases), for deals. */
@QuarkusTest
class UpdateNoOpAndCheckOrderTest extends StandardUpdateCases<Deal> {

    @GrpcClient("investments")
    DealServiceBlockingStub deals;

    @Override
    protected Deal create() {
        return deals.createDeal(CreateDealRequest.newBuilder().setDeal(DealFixtures.ml1()).build());
    }

    @Override
    protected Deal get(String name) {
        return deals.getDeal(GetDealRequest.newBuilder().setName(name).build());
    }

    @Override
    protected Deal update(Deal patch, String... paths) {
        return deals.updateDeal(UpdateDealRequest.newBuilder().setDeal(patch)
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths))).build());
    }

    @Override
    protected String[] settableFields() {
        return new String[] { "title", "summary", "parties", "amounts" };
    }

    @Override
    protected String textField() {
        return "title";
    }
}
