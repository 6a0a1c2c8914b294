package org.corridorwatch.investments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;

import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.GetDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.UpdateDealRequest;
import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The standard Update's order of checks and its no-op rule, as every service answers them
 * (StandardMethods): an update that changes nothing writes nothing, and a bad mask is refused before
 * the record is looked up.
 */
@QuarkusTest
class UpdateNoOpAndCheckOrderTest {

    @GrpcClient("investments")
    DealServiceBlockingStub deals;

    @Test
    void aMaskOfOnlyOutputOnlyFieldsChangesNothingAndKeepsTheEtag() {
        Deal original = create();
        Deal answer = update(original.toBuilder().setEtag("").setCreateTime(Timestamp.newBuilder().setSeconds(1))
                .build(), "create_time", "update_time", "etag");

        assertEquals(original, answer);
        assertEquals(original, get(original.getName()));
    }

    @Test
    void settingFieldsToTheirCurrentValuesChangesNothing() {
        Deal original = create();
        Deal answer = update(original, "title", "summary", "parties", "amounts");

        assertEquals(original.getEtag(), answer.getEtag());
        assertEquals(original.getUpdateTime(), answer.getUpdateTime());
        assertEquals(original, get(original.getName()));
    }

    @Test
    void aStaleEtagIsAbortedEvenWhenNothingWouldChange() {
        Deal original = create();
        update(original.toBuilder().setTitle("Renamed").build(), "title");

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> update(original, "title"));
        assertEquals(Status.Code.ABORTED, e.getStatus().getCode());
    }

    @Test
    void aBadMaskIsInvalidArgumentBeforeTheRecordIsLookedUp() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> update(
                Deal.newBuilder().setName("deals/does-not-exist").build(), "no_such_field"));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(Set.of("update_mask"), GrpcErrors.violatedFields(e));
    }

    private Deal create() {
        return deals.createDeal(CreateDealRequest.newBuilder().setDeal(DealFixtures.ml1()).build());
    }

    private Deal get(String name) {
        return deals.getDeal(GetDealRequest.newBuilder().setName(name).build());
    }

    private Deal update(Deal patch, String... paths) {
        return deals.updateDeal(UpdateDealRequest.newBuilder().setDeal(patch)
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths))).build());
    }
}
