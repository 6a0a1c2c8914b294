package org.corridorwatch.investments;

import static org.corridorwatch.investments.DealFixtures.amount;
import static org.corridorwatch.investments.DealFixtures.date;
import static org.corridorwatch.investments.DealFixtures.money;
import static org.corridorwatch.investments.InvestmentsTestSupport.assertFails;
import static org.corridorwatch.investments.InvestmentsTestSupport.assertInvalid;
import static org.corridorwatch.investments.InvestmentsTestSupport.assertOneWinsTheOthersAbort;
import static org.corridorwatch.investments.InvestmentsTestSupport.mask;
import static org.corridorwatch.investments.InvestmentsTestSupport.race;
import static org.corridorwatch.investments.InvestmentsTestSupport.transitionRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;

import org.corridorwatch.api.investments.v1.AmountType;
import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.GetDealRequest;
import org.corridorwatch.api.investments.v1.Sector;
import org.corridorwatch.api.investments.v1.TransitionDealStatusRequest;
import org.corridorwatch.api.investments.v1.UpdateDealRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class UpdateDealTest {

    @GrpcClient("investments")
    DealServiceBlockingStub deals;

    @Inject
    DataSource dataSource;

    @Test
    void changesOnlyTheMaskedFieldsAndTheEtag() {
        Deal original = create(DealFixtures.ml1());
        Deal patch = Deal.newBuilder().setName(original.getName()).setEtag(original.getEtag())
                .setTitle("ML-1 railway upgrade (ADB-led)")
                .addAllAmounts(original.getAmountsList())
                .addAmounts(amount(AmountType.AMOUNT_TYPE_PLEDGED, DealFixtures.usd(1_800_000_000L), date(2025, 10, 1)))
                .setSummary("this must not be applied: summary is not in the mask")
                .setLocation("nor this").build();

        Deal updated = update(patch, mask("title", "amounts"));

        Deal expected = original.toBuilder().setTitle("ML-1 railway upgrade (ADB-led)")
                .clearAmounts().addAllAmounts(patch.getAmountsList())
                .setEtag(updated.getEtag()).setUpdateTime(updated.getUpdateTime()).build();
        assertEquals(expected, updated);
        assertNotEquals(original.getEtag(), updated.getEtag());
        assertTrue(seconds(updated.getUpdateTime()) >= seconds(original.getUpdateTime()));
        assertEquals(updated, get(original.getName()));
    }

    @Test
    void clearsAFieldNamedInTheMaskButLeftEmpty() {
        Deal original = create(DealFixtures.mineralsMou());

        Deal updated = update(Deal.newBuilder().setName(original.getName()).build(),
                mask("signed_date", "commodities", "location"));

        assertTrue(!updated.hasSignedDate());
        assertEquals(List.of(), updated.getCommoditiesList());
        assertEquals(original.getSectorsList(), updated.getSectorsList());
        assertEquals(original.getTitle(), updated.getTitle());
    }

    @Test
    void theWildcardReplacesEveryUpdatableFieldButNeverTheStatus() throws Exception {
        Deal original = create(DealFixtures.ml1());
        Deal replacement = DealFixtures.mineralsMou().toBuilder().setName(original.getName())
                .setStatus(DealStatus.DEAL_STATUS_COMPLETED).setStatusDate(date(2025, 11, 1)).build();

        Deal updated = update(replacement, mask("*"));

        assertEquals(replacement.toBuilder().setStatus(original.getStatus()).setStatusDate(original.getStatusDate())
                .setCreateTime(original.getCreateTime()).setUpdateTime(updated.getUpdateTime())
                .setEtag(updated.getEtag()).build(), updated);
        assertEquals(1, transitionRows(dataSource, original.getName()), "an update appends no history");
    }

    @Test
    void ignoresOutputOnlyFieldsInTheMask() {
        Deal original = create(DealFixtures.ml1());
        Deal patch = original.toBuilder().setCreateTime(Timestamp.newBuilder().setSeconds(1))
                .setStatusDate(date(2000, 1, 1)).setTitle("Renamed").build();

        Deal updated = update(patch, mask("create_time", "status_date", "update_time", "etag", "name", "title"));

        assertEquals("Renamed", updated.getTitle());
        assertEquals(original.getCreateTime(), updated.getCreateTime());
        assertEquals(original.getStatusDate(), updated.getStatusDate());
    }

    @Test
    void refusesTheStatusInTheMaskAndChangesNothing() throws Exception {
        Deal original = create(DealFixtures.ml1());
        Deal patch = Deal.newBuilder().setName(original.getName()).setTitle("Changed")
                .setStatus(DealStatus.DEAL_STATUS_COMPLETED).build();

        assertInvalid(Set.of("update_mask"), () -> update(patch, mask("status")));
        assertInvalid(Set.of("update_mask"), () -> update(patch, mask("title", "status")));

        assertEquals(original, get(original.getName()));
        assertEquals(1, transitionRows(dataSource, original.getName()));
    }

    @Test
    void refusesAnEmptyMaskAndUnknownPaths() {
        Deal original = create(DealFixtures.ml1());
        Deal patch = Deal.newBuilder().setName(original.getName()).setTitle("x").build();

        assertInvalid(Set.of("update_mask"), () -> update(patch, FieldMask.getDefaultInstance()));
        assertInvalid(Set.of("update_mask"), () -> update(patch, mask("title", "no_such_field")));
        assertInvalid(Set.of("update_mask"), () -> update(patch, mask("parties.name")));
        assertEquals(original, get(original.getName()));
    }

    @Test
    void aStaleEtagIsAbortedAndChangesNothing() {
        Deal original = create(DealFixtures.ml1());
        Deal first = update(Deal.newBuilder().setName(original.getName()).setEtag(original.getEtag())
                .setTitle("First edit").build(), mask("title"));

        StatusRuntimeException e = assertFails(Status.Code.ABORTED, () -> update(Deal.newBuilder()
                .setName(original.getName()).setEtag(original.getEtag()).setTitle("Second edit").build(),
                mask("title")));

        assertEquals("ETAG_MISMATCH", GrpcErrors.errorInfo(e).getReason());
        assertEquals(first, get(original.getName()));
    }

    @Test
    void concurrentUpdatesWithTheSameEtagLetExactlyOneWin() throws Exception {
        for (int round = 0; round < 3; round++) {
            Deal original = create(DealFixtures.ml1());
            List<Callable<Deal>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Deal patch = Deal.newBuilder().setName(original.getName()).setEtag(original.getEtag())
                        .setTitle("Edit " + i).build();
                calls.add(() -> update(patch, mask("title")));
            }

            Deal winner = assertOneWinsTheOthersAbort(race(calls));

            assertEquals(winner, get(original.getName()));
        }
    }

    @Test
    void anUpdateAndATransitionRacingOnOneEtagLetExactlyOneWin() throws Exception {
        for (int round = 0; round < 3; round++) {
            Deal original = create(DealFixtures.ml1());
            List<Callable<Deal>> calls = List.of(
                    () -> update(Deal.newBuilder().setName(original.getName()).setEtag(original.getEtag())
                            .setTitle("Edited while racing").build(), mask("title")),
                    () -> deals.transitionDealStatus(TransitionDealStatusRequest.newBuilder()
                            .setName(original.getName()).setEtag(original.getEtag())
                            .setToStatus(DealStatus.DEAL_STATUS_MOU_SIGNED).setEffectiveDate(date(2025, 10, 1))
                            .build()));

            Deal winner = assertOneWinsTheOthersAbort(race(calls));

            Deal stored = get(original.getName());
            assertEquals(winner, stored);
            boolean transitionWon = stored.getStatus() == DealStatus.DEAL_STATUS_MOU_SIGNED;
            assertEquals(transitionWon ? original.getTitle() : "Edited while racing", stored.getTitle());
            assertEquals(transitionWon ? 2 : 1, transitionRows(dataSource, original.getName()));
        }
    }

    @Test
    void validatesTheResultAndWritesNothingWhenItIsInvalid() {
        Deal original = create(DealFixtures.mineralsMou());
        // Signed in September 2025: an announcement in October would put the signature before it.
        Deal patch = Deal.newBuilder().setName(original.getName()).setTitle("")
                .setAnnouncedDate(date(2025, 10, 1))
                .addAmounts(amount(AmountType.AMOUNT_TYPE_ENVISAGED, money("XYZ", -1, 0), null))
                .addSectors(Sector.SECTOR_UNSPECIFIED)
                .build();

        assertInvalid(Set.of("deal.title", "deal.signed_date", "deal.amounts[0].value.currency_code",
                "deal.amounts[0].value.units"), Set.of("deal.sectors"),
                () -> update(patch, mask("title", "announced_date", "amounts", "sectors")));

        assertEquals(original, get(original.getName()));
    }

    @Test
    void refusesClearingRequiredFields() {
        Deal original = create(DealFixtures.ml1());
        assertInvalid(Set.of("deal.parties", "deal.sectors", "deal.sources", "deal.kind"),
                () -> update(Deal.newBuilder().setName(original.getName()).build(),
                        mask("parties", "sectors", "sources", "announced_date", "kind")));
        assertEquals(original, get(original.getName()));
    }

    @Test
    void clearsAnUnsupportedAnnouncedDate() {
        Deal original = create(DealFixtures.mineralsMou());

        Deal updated = update(Deal.newBuilder().setName(original.getName()).build(), mask("announced_date"));

        assertFalse(updated.hasAnnouncedDate(), updated.toString());
        assertEquals(original.getSignedDate(), updated.getSignedDate());
        assertEquals(original.getStatusDate(), updated.getStatusDate(), "the status history is not rewritten");
        assertEquals(updated, get(original.getName()));
    }

    @Test
    void unknownAndMalformedNames() {
        StatusRuntimeException missing = assertFails(Status.Code.NOT_FOUND, () -> update(
                Deal.newBuilder().setName("deals/does-not-exist").setTitle("x").build(), mask("title")));
        assertEquals("RESOURCE_NOT_FOUND", GrpcErrors.errorInfo(missing).getReason());

        assertInvalid(Set.of("deal.name"), () -> update(Deal.newBuilder().setName("incidents/abc").setTitle("x")
                .build(), mask("title")));
    }

    @Test
    void reportsABadNameAndABadMaskTogether() {
        Deal badName = Deal.newBuilder().setName("incidents/abc").setTitle("x").build();
        assertInvalid(Set.of("deal.name", "update_mask"), () -> update(badName, mask("title", "no_such_field")));
        assertInvalid(Set.of("deal.name", "update_mask"), () -> update(badName, mask("status")));
        assertInvalid(Set.of("deal.name", "update_mask"), () -> update(badName, FieldMask.getDefaultInstance()));
        // The mask is checked before the deal is looked up: a bad mask is INVALID_ARGUMENT even
        // for a deal that does not exist.
        assertInvalid(Set.of("update_mask"), () -> update(Deal.newBuilder().setName("deals/does-not-exist")
                .build(), mask("no_such_field")));
    }

    private Deal create(Deal deal) {
        return deals.createDeal(CreateDealRequest.newBuilder().setDeal(deal).build());
    }

    private Deal get(String name) {
        return deals.getDeal(GetDealRequest.newBuilder().setName(name).build());
    }

    private Deal update(Deal patch, FieldMask mask) {
        return deals.updateDeal(UpdateDealRequest.newBuilder().setDeal(patch).setUpdateMask(mask).build());
    }

    private static double seconds(Timestamp t) {
        return t.getSeconds() + t.getNanos() / 1e9;
    }
}
