package org.corridorwatch.investments;

import static org.corridorwatch.api.investments.v1.AmountType.AMOUNT_TYPE_COMMITTED;
import static org.corridorwatch.api.investments.v1.AmountType.AMOUNT_TYPE_ENVISAGED;
import static org.corridorwatch.investments.DealFixtures.amount;
import static org.corridorwatch.investments.DealFixtures.date;
import static org.corridorwatch.investments.DealFixtures.money;
import static org.corridorwatch.investments.DealFixtures.tagged;
import static org.corridorwatch.investments.DealFixtures.usd;
import static org.corridorwatch.investments.InvestmentsTestSupport.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.corridorwatch.api.investments.v1.AmountTotal;
import org.corridorwatch.api.investments.v1.AmountType;
import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealFilter;
import org.corridorwatch.api.investments.v1.DealGroupSummary;
import org.corridorwatch.api.investments.v1.DealGrouping;
import org.corridorwatch.api.investments.v1.DealKind;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.SummarizeDealsRequest;
import org.corridorwatch.api.investments.v1.SummarizeDealsResponse;
import org.corridorwatch.api.investments.v1.TransitionDealStatusRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Summaries over a known dataset in two currencies. Only the headline figures of ML-1 ($2
 * billion), the minerals MoU ($500 million) and the SCO joint ventures ($1.5 billion) come from
 * the articles; the revisions, rupee amounts and fractions are test inputs chosen to check the
 * rules: only the latest amount of each type and currency counts per deal (by as_of_date, undated
 * as oldest, ties to the later entry), currencies never mix, and sums are exact to the nano.
 * The expected figures are worked out by hand:
 *
 * <pre>
 * ML-1      FINANCING_AGREEMENT UNDER_NEGOTIATION  no counterpart  RAIL
 *           ENVISAGED USD 2,000,000,000 (2025-08), USD 7 (undated), USD 1,800,000,000.25 (2025-09-20) → 1,800,000,000.25
 *           ENVISAGED PKR 250.125 (2025-08)
 * Minerals  MOU MOU_SIGNED  US  MINING
 *           ENVISAGED USD 400,000,000 then USD 500,000,000, both 2025-09 → 500,000,000 (the later entry)
 * SCO       JOINT_VENTURE AGREEMENT_SIGNED  CN  ELECTRIC_VEHICLES, TEXTILES, MINING, ENERGY
 *           COMMITTED USD 1,500,000,000
 * Rupees    FINANCING_AGREEMENT MOU_SIGNED  CN, US  TEXTILES
 *           COMMITTED PKR 12,000,000,000.5 (2024-06), PKR 11,000,000,000.75 (2024-01), PKR 99 (undated) → 12,000,000,000.5
 *           ENVISAGED USD 0.75 (undated, the only one)
 * </pre>
 */
@QuarkusTest
class SummarizeDealsTest {

    private static final AmountTotal ML1_PKR = total(AMOUNT_TYPE_ENVISAGED, "PKR", 250, 125_000_000, 1);
    private static final AmountTotal ML1_USD = total(AMOUNT_TYPE_ENVISAGED, "USD", 1_800_000_000L, 250_000_000, 1);
    private static final AmountTotal MINERALS_USD = total(AMOUNT_TYPE_ENVISAGED, "USD", 500_000_000L, 0, 1);
    private static final AmountTotal SCO_USD = total(AMOUNT_TYPE_COMMITTED, "USD", 1_500_000_000L, 0, 1);
    private static final AmountTotal RUPEES_PKR = total(AMOUNT_TYPE_COMMITTED, "PKR", 12_000_000_000L, 500_000_000, 1);
    private static final AmountTotal RUPEES_USD = total(AMOUNT_TYPE_ENVISAGED, "USD", 0, 750_000_000, 1);

    @GrpcClient("investments")
    DealServiceBlockingStub deals;

    private String party;
    private Deal ml1;

    @BeforeEach
    void recordTheDataset() {
        party = DealFixtures.uniqueParty();
        ml1 = create(DealFixtures.ml1().toBuilder()
                .addAmounts(amount(AMOUNT_TYPE_ENVISAGED, usd(7), null))
                .addAmounts(amount(AMOUNT_TYPE_ENVISAGED, money("USD", 1_800_000_000L, 250_000_000), date(2025, 9, 20)))
                .addAmounts(amount(AMOUNT_TYPE_ENVISAGED, money("PKR", 250, 125_000_000), date(2025, 8, 0)))
                .build());
        create(DealFixtures.mineralsMou().toBuilder().clearAmounts()
                .addAmounts(amount(AMOUNT_TYPE_ENVISAGED, usd(400_000_000L), date(2025, 9, 0)))
                .addAmounts(amount(AMOUNT_TYPE_ENVISAGED, usd(500_000_000L), date(2025, 9, 0)))
                .build());
        create(DealFixtures.scoJointVentures());
        create(DealFixtures.rupeeTextilePark().toBuilder().clearAmounts()
                .addAmounts(amount(AMOUNT_TYPE_COMMITTED, money("PKR", 12_000_000_000L, 500_000_000), date(2024, 6, 0)))
                .addAmounts(amount(AMOUNT_TYPE_COMMITTED, money("PKR", 11_000_000_000L, 750_000_000), date(2024, 1, 0)))
                .addAmounts(amount(AMOUNT_TYPE_COMMITTED, money("PKR", 99, 0), null))
                .addAmounts(amount(AMOUNT_TYPE_ENVISAGED, money("USD", 0, 750_000_000), null))
                .build());
    }

    @Test
    void theTotalCountsEachDealOnceWithTheLatestAmountsPerCurrency() {
        SummarizeDealsResponse summary = summarize(DealGrouping.DEAL_GROUPING_COUNTERPART_COUNTRY, filter());
        // 1,800,000,000.25 + 500,000,000 + 0.75 = 2,300,000,001 exactly.
        assertEquals(group("", 4, ML1_PKR, total(AMOUNT_TYPE_ENVISAGED, "USD", 2_300_000_001L, 0, 3), RUPEES_PKR,
                SCO_USD), summary.getTotal());
        // The total is the same whatever the grouping.
        for (DealGrouping grouping : List.of(DealGrouping.DEAL_GROUPING_SECTOR, DealGrouping.DEAL_GROUPING_STATUS,
                DealGrouping.DEAL_GROUPING_KIND)) {
            assertEquals(summary.getTotal(), summarize(grouping, filter()).getTotal(), grouping.name());
        }
    }

    @Test
    void byCounterpartCountryWithNoCounterpartAsEmptyKey() {
        assertEquals(List.of(
                group("", 1, ML1_PKR, ML1_USD),
                group("CN", 2, RUPEES_USD, RUPEES_PKR, SCO_USD),
                group("US", 2, total(AMOUNT_TYPE_ENVISAGED, "USD", 500_000_000L, 750_000_000, 2), RUPEES_PKR)),
                summarize(DealGrouping.DEAL_GROUPING_COUNTERPART_COUNTRY, filter()).getGroupsList());
    }

    @Test
    void bySectorCountingADealInEachOfItsSectors() {
        assertEquals(List.of(
                group("SECTOR_ELECTRIC_VEHICLES", 1, SCO_USD),
                group("SECTOR_ENERGY", 1, SCO_USD),
                group("SECTOR_MINING", 2, MINERALS_USD, SCO_USD),
                group("SECTOR_RAIL", 1, ML1_PKR, ML1_USD),
                group("SECTOR_TEXTILES", 2, RUPEES_USD, RUPEES_PKR, SCO_USD)),
                summarize(DealGrouping.DEAL_GROUPING_SECTOR, filter()).getGroupsList());
    }

    @Test
    void byCurrentStatus() {
        AmountTotal mouSignedUsd = total(AMOUNT_TYPE_ENVISAGED, "USD", 500_000_000L, 750_000_000, 2);
        assertEquals(List.of(
                group("DEAL_STATUS_AGREEMENT_SIGNED", 1, SCO_USD),
                group("DEAL_STATUS_MOU_SIGNED", 2, mouSignedUsd, RUPEES_PKR),
                group("DEAL_STATUS_UNDER_NEGOTIATION", 1, ML1_PKR, ML1_USD)),
                summarize(DealGrouping.DEAL_GROUPING_STATUS, filter()).getGroupsList());

        deals.transitionDealStatus(TransitionDealStatusRequest.newBuilder().setName(ml1.getName())
                .setToStatus(DealStatus.DEAL_STATUS_MOU_SIGNED).setEffectiveDate(date(2025, 10, 1)).build());

        assertEquals(List.of(
                group("DEAL_STATUS_AGREEMENT_SIGNED", 1, SCO_USD),
                group("DEAL_STATUS_MOU_SIGNED", 3, ML1_PKR,
                        total(AMOUNT_TYPE_ENVISAGED, "USD", 2_300_000_001L, 0, 3), RUPEES_PKR)),
                summarize(DealGrouping.DEAL_GROUPING_STATUS, filter()).getGroupsList());
    }

    @Test
    void byKind() {
        assertEquals(List.of(
                group("DEAL_KIND_FINANCING_AGREEMENT", 2, ML1_PKR,
                        total(AMOUNT_TYPE_ENVISAGED, "USD", 1_800_000_001L, 0, 2), RUPEES_PKR),
                group("DEAL_KIND_JOINT_VENTURE", 1, SCO_USD),
                group("DEAL_KIND_MOU", 1, MINERALS_USD)),
                summarize(DealGrouping.DEAL_GROUPING_KIND, filter()).getGroupsList());
    }

    @Test
    void appliesTheSameFiltersAsList() {
        SummarizeDealsResponse financing = summarize(DealGrouping.DEAL_GROUPING_COUNTERPART_COUNTRY,
                filter().toBuilder().addKinds(DealKind.DEAL_KIND_FINANCING_AGREEMENT).build());
        assertEquals(List.of(group("", 1, ML1_PKR, ML1_USD), group("CN", 1, RUPEES_USD, RUPEES_PKR),
                group("US", 1, RUPEES_USD, RUPEES_PKR)), financing.getGroupsList());
        assertEquals(group("", 2, ML1_PKR, total(AMOUNT_TYPE_ENVISAGED, "USD", 1_800_000_001L, 0, 2), RUPEES_PKR),
                financing.getTotal());

        // A rupee minimum above ML-1's PKR 250.125 leaves the rupee deal alone.
        SummarizeDealsResponse rupees = summarize(DealGrouping.DEAL_GROUPING_KIND,
                filter().toBuilder().setMinAmount(money("PKR", 251, 0)).build());
        assertEquals(List.of(group("DEAL_KIND_FINANCING_AGREEMENT", 1, RUPEES_USD, RUPEES_PKR)),
                rupees.getGroupsList());

        SummarizeDealsResponse none = summarize(DealGrouping.DEAL_GROUPING_SECTOR,
                filter().toBuilder().setQuery("earthquake").build());
        assertEquals(List.of(), none.getGroupsList());
        assertEquals(group("", 0), none.getTotal());
    }

    @Test
    void aDealOfUnknownYearCountsInTheTotalButUnderNoYear() {
        // SCO and minerals are the dataset's 2025-09 deals; ML-1 (2025-08) is in 2025 too.
        DealFilter in2025 = filter().toBuilder().setAnnouncedAfter(date(2025, 0, 0))
                .setAnnouncedBefore(date(2025, 0, 0)).build();
        long before = summarize(DealGrouping.DEAL_GROUPING_KIND, in2025).getTotal().getDealCount();
        create(DealFixtures.scoJointVentures().toBuilder().clearAnnouncedDate().clearSignedDate().build());

        assertEquals(5, summarize(DealGrouping.DEAL_GROUPING_KIND, filter()).getTotal().getDealCount());
        assertEquals(before, summarize(DealGrouping.DEAL_GROUPING_KIND, in2025).getTotal().getDealCount());
        for (int year = 2000; year <= 2026; year++) {
            DealFilter inYear = filter().toBuilder().setAnnouncedAfter(date(year, 0, 0))
                    .setAnnouncedBefore(date(year, 0, 0)).build();
            long counted = summarize(DealGrouping.DEAL_GROUPING_KIND, inYear).getTotal().getDealCount();
            assertEquals(year == 2025 ? 3 : year == 2024 ? 1 : 0, counted, "deals of " + year);
        }
    }

    @Test
    void refusesAMissingGroupingAndABadFilter() {
        assertInvalid(Set.of("group_by"), () -> deals.summarizeDeals(SummarizeDealsRequest.newBuilder()
                .setFilter(filter()).build()));
        assertInvalid(Set.of("group_by", "filter.counterpart_country", "filter.min_amount.currency_code"),
                () -> deals.summarizeDeals(SummarizeDealsRequest.newBuilder().setFilter(DealFilter.newBuilder()
                        .setCounterpartCountry("usa").setMinAmount(money("DOLLARS", 1, 0))).build()));
        assertInvalid(Set.of("group_by"), () -> deals.summarizeDeals(SummarizeDealsRequest.newBuilder()
                .setGroupByValue(42).build()));
    }

    private DealFilter filter() {
        return DealFilter.newBuilder().setParty(party).build();
    }

    private SummarizeDealsResponse summarize(DealGrouping grouping, DealFilter filter) {
        return deals.summarizeDeals(SummarizeDealsRequest.newBuilder().setFilter(filter).setGroupBy(grouping).build());
    }

    private static DealGroupSummary group(String key, long count, AmountTotal... totals) {
        return DealGroupSummary.newBuilder().setKey(key).setDealCount(count).addAllAmountTotals(List.of(totals))
                .build();
    }

    private static AmountTotal total(AmountType type, String currency, long units, int nanos, long deals) {
        return AmountTotal.newBuilder().setType(type).setTotal(money(currency, units, nanos)).setDealCount(deals)
                .build();
    }

    private Deal create(Deal deal) {
        return deals.createDeal(CreateDealRequest.newBuilder().setDeal(tagged(deal, party)).build());
    }
}
