package org.corridorwatch.investments;

import static org.corridorwatch.investments.DealFixtures.amount;
import static org.corridorwatch.investments.DealFixtures.date;
import static org.corridorwatch.investments.DealFixtures.money;
import static org.corridorwatch.investments.DealFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.testing.Concurrently;
import org.junit.jupiter.api.Test;

import org.corridorwatch.api.investments.v1.AmountType;
import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealFilter;
import org.corridorwatch.api.investments.v1.DealGrouping;
import org.corridorwatch.api.investments.v1.DealKind;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.DeleteDealRequest;
import org.corridorwatch.api.investments.v1.Programme;
import org.corridorwatch.api.investments.v1.Sector;
import org.corridorwatch.api.investments.v1.SummarizeDealsRequest;
import org.corridorwatch.api.investments.v1.SummarizeDealsResponse;
import org.corridorwatch.api.investments.v1.TransitionDealStatusRequest;
import org.corridorwatch.api.investments.v1.UndeleteDealRequest;
import org.corridorwatch.api.investments.v1.UpdateDealRequest;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * SummarizeDeals from the summary counts (migration V7, DealSummaryCounts) answers exactly what the
 * scan of the deals answers, after every kind of write and after concurrent writers. The scan is
 * the same request at a read_time of now: a read_time is always answered from the deals' rows.
 */
@QuarkusTest
class SummaryCountsTest {

    /** Filters the counts answer. */
    private static final List<DealFilter> FILTERS = List.of(DealFilter.getDefaultInstance(),
            DealFilter.newBuilder().setProgramme(Programme.PROGRAMME_CPEC).build(),
            DealFilter.newBuilder().addKinds(DealKind.DEAL_KIND_MOU).addKinds(DealKind.DEAL_KIND_FINANCING_AGREEMENT)
                    .build(),
            DealFilter.newBuilder().addStatuses(DealStatus.DEAL_STATUS_MOU_SIGNED).build(),
            DealFilter.newBuilder().setAnnouncedAfter(date(2025, 0, 0)).setAnnouncedBefore(date(2025, 12, 31)).build(),
            DealFilter.newBuilder().setAnnouncedBefore(date(2024, 0, 0)).build());

    @GrpcClient("investments")
    DealServiceBlockingStub deals;

    @Inject
    DataSource dataSource;

    @Test
    void everyKindOfWriteKeepsTheSummariesExact() throws SQLException {
        Deal ml1 = create(DealFixtures.ml1());
        Deal minerals = create(DealFixtures.mineralsMou());
        Deal sco = create(DealFixtures.scoJointVentures());
        Deal rupees = create(DealFixtures.rupeeTextilePark());
        assertCountsAnswerAsTheScan();

        // A newer amount, another kind, programme, counterparts and sectors.
        ml1 = update(ml1.toBuilder().addAmounts(amount(AmountType.AMOUNT_TYPE_ENVISAGED, usd(1_800_000_000L),
                date(2025, 10, 1))).setKind(DealKind.DEAL_KIND_MOU).setProgramme(Programme.PROGRAMME_NONE)
                .addCounterpartCountries("CN").addSectors(Sector.SECTOR_ENERGY).build(),
                "amounts", "kind", "programme", "counterpart_countries", "sectors");
        // An amount taken away, a date moved to another year.
        rupees = update(rupees.toBuilder().removeAmounts(0).setAnnouncedDate(date(2023, 5, 0)).build(),
                "amounts", "announced_date");
        minerals = deals.transitionDealStatus(TransitionDealStatusRequest.newBuilder().setName(minerals.getName())
                .setToStatus(DealStatus.DEAL_STATUS_AGREEMENT_SIGNED).setEffectiveDate(date(2025, 11, 1)).build());
        deals.deleteDeal(DeleteDealRequest.newBuilder().setName(sco.getName()).build());
        assertCountsAnswerAsTheScan();

        deals.undeleteDeal(UndeleteDealRequest.newBuilder().setName(sco.getName()).build());
        assertCountsAnswerAsTheScan();

        // Removed by hand, as an operator might: the deal goes, its amounts with it (ON DELETE CASCADE).
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM deals WHERE id = ?")) {
            delete.setString(1, rupees.getName().substring("deals/".length()));
            assertEquals(1, delete.executeUpdate());
        }
        assertCountsAnswerAsTheScan();
    }

    /**
     * Writers of deals in the same groups at once, moving them between two kinds both ways and
     * revising their amounts: every write succeeds (no deadlock between the counts' row locks)
     * and the counts answer as the scan afterwards.
     */
    @Test
    void concurrentWritersKeepTheSummariesExact() throws Exception {
        Concurrently.run(6, 120, w -> {
            for (int round = 0; round < 6; round++) {
                boolean mouFirst = (w + round) % 2 == 0;
                Deal deal = create(DealFixtures.ml1().toBuilder()
                        .setKind(mouFirst ? DealKind.DEAL_KIND_MOU : DealKind.DEAL_KIND_GRANT)
                        .addAmounts(amount(AmountType.AMOUNT_TYPE_COMMITTED, money("PKR", 1000 + round, 5),
                                date(2025, 9, 0)))
                        .build());
                deal = update(deal.toBuilder()
                        .setKind(mouFirst ? DealKind.DEAL_KIND_GRANT : DealKind.DEAL_KIND_MOU)
                        .addAmounts(amount(AmountType.AMOUNT_TYPE_COMMITTED, money("PKR", 2000 + w, 0),
                                date(2025, 10, 0)))
                        .build(), "kind", "amounts");
                if (round % 3 == 0) {
                    deals.deleteDeal(DeleteDealRequest.newBuilder().setName(deal.getName()).build());
                }
            }
        });
        assertCountsAnswerAsTheScan();
    }

    private void assertCountsAnswerAsTheScan() {
        Instant instant = Instant.now(); // after every write above has committed
        Timestamp now = Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
        for (DealGrouping grouping : DealGrouping.values()) {
            if (grouping == DealGrouping.DEAL_GROUPING_UNSPECIFIED || grouping == DealGrouping.UNRECOGNIZED) {
                continue;
            }
            for (DealFilter filter : FILTERS) {
                SummarizeDealsRequest request = SummarizeDealsRequest.newBuilder().setGroupBy(grouping)
                        .setFilter(filter).build();
                SummarizeDealsResponse fromCounts = deals.summarizeDeals(request);
                SummarizeDealsResponse scanned = deals.summarizeDeals(request.toBuilder().setReadTime(now).build());
                assertEquals(scanned, fromCounts, () -> grouping + " " + filter);
            }
        }
        assertTrue(deals.summarizeDeals(SummarizeDealsRequest.newBuilder()
                .setGroupBy(DealGrouping.DEAL_GROUPING_KIND).build()).getTotal().getDealCount() > 0);
    }

    private Deal create(Deal deal) {
        return deals.createDeal(CreateDealRequest.newBuilder().setDeal(deal).build());
    }

    private Deal update(Deal deal, String... paths) {
        return deals.updateDeal(UpdateDealRequest.newBuilder().setDeal(deal)
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths))).build());
    }
}
