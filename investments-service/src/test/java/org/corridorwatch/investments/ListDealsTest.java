package org.corridorwatch.investments;

import static org.corridorwatch.investments.DealFixtures.date;
import static org.corridorwatch.investments.DealFixtures.money;
import static org.corridorwatch.investments.DealFixtures.tagged;
import static org.corridorwatch.investments.DealFixtures.usd;
import static org.corridorwatch.investments.InvestmentsTestSupport.assertInvalid;
import static org.corridorwatch.investments.InvestmentsTestSupport.mask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.corridorwatch.support.paging.PageTokens;
import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import com.google.rpc.BadRequest;
import com.google.type.Date;

import org.corridorwatch.api.investments.v1.Commodity;
import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealFilter;
import org.corridorwatch.api.investments.v1.DealKind;
import org.corridorwatch.api.investments.v1.DealParty;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.ListDealStatusHistoryRequest;
import org.corridorwatch.api.investments.v1.ListDealsRequest;
import org.corridorwatch.api.investments.v1.ListDealsResponse;
import org.corridorwatch.api.investments.v1.PartyRole;
import org.corridorwatch.api.investments.v1.Programme;
import org.corridorwatch.api.investments.v1.Sector;
import org.corridorwatch.api.investments.v1.TransitionDealStatusRequest;
import org.corridorwatch.api.investments.v1.UpdateDealRequest;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ListDealsTest {

    private static final List<String> ORDERS = List.of("", "announced_date desc", "announced_date",
            "update_time desc", "update_time");

    @GrpcClient("investments")
    DealServiceBlockingStub deals;

    /** The five deals of the filter tests, all naming the test's party. */
    private record Dataset(String party, Deal ml1, Deal minerals, Deal sco, Deal trade, Deal rupees) {
    }

    private Dataset dataset() {
        String party = DealFixtures.uniqueParty();
        return new Dataset(party, create(DealFixtures.ml1(), party), create(DealFixtures.mineralsMou(), party),
                create(DealFixtures.scoJointVentures(), party), create(DealFixtures.usTradeAgreement(), party),
                create(DealFixtures.rupeeTextilePark(), party));
    }

    @Test
    void listsTheTestsDealsNewestAnnouncedFirst() {
        Dataset d = dataset();
        // Announced: rupees 2024-01-15, trade 2025-07, ML-1 2025-08, minerals 2025-09, SCO 2025-09-02.
        // Partial dates sort by their first day: minerals (Sept 1) sorts after SCO (Sept 2).
        assertEquals(names(d.sco, d.minerals, d.ml1, d.trade, d.rupees), names(list(d.party, f -> f)));
        assertEquals(names(d.rupees, d.trade, d.ml1, d.minerals, d.sco),
                names(list(d.party, "announced_date", f -> f)));
    }

    @Test
    void filtersByKindStatusSectorCountryCommodityAndProgramme() {
        Dataset d = dataset();
        assertEquals(set(d.minerals, d.trade), set(list(d.party, f -> f.addKinds(DealKind.DEAL_KIND_MOU)
                .addKinds(DealKind.DEAL_KIND_TRADE_AGREEMENT))));
        assertEquals(set(d.ml1, d.rupees), set(list(d.party,
                f -> f.addKinds(DealKind.DEAL_KIND_FINANCING_AGREEMENT))));
        assertEquals(set(d.ml1, d.sco, d.trade), set(list(d.party,
                f -> f.addStatuses(DealStatus.DEAL_STATUS_UNDER_NEGOTIATION)
                        .addStatuses(DealStatus.DEAL_STATUS_AGREEMENT_SIGNED))));
        assertEquals(set(d.minerals, d.sco), set(list(d.party, f -> f.setSector(Sector.SECTOR_MINING))));
        assertEquals(set(d.sco, d.rupees), set(list(d.party, f -> f.setSector(Sector.SECTOR_TEXTILES))));
        assertEquals(set(), set(list(d.party, f -> f.setSector(Sector.SECTOR_PORTS))));
        assertEquals(set(d.minerals, d.trade, d.rupees), set(list(d.party, f -> f.setCounterpartCountry("US"))));
        assertEquals(set(d.sco, d.rupees), set(list(d.party, f -> f.setCounterpartCountry("CN"))));
        assertEquals(set(d.minerals), set(list(d.party, f -> f.setCommodity(Commodity.COMMODITY_TUNGSTEN))));
        assertEquals(set(), set(list(d.party, f -> f.setCommodity(Commodity.COMMODITY_LITHIUM))));
        assertEquals(set(d.ml1), set(list(d.party, f -> f.setProgramme(Programme.PROGRAMME_CPEC))));
        // The rupee deal was created without a programme: that means none.
        assertEquals(set(d.minerals, d.sco, d.trade, d.rupees),
                set(list(d.party, f -> f.setProgramme(Programme.PROGRAMME_NONE))));
        // Fields combine with AND.
        assertEquals(set(d.minerals), set(list(d.party, f -> f.setSector(Sector.SECTOR_MINING)
                .setCounterpartCountry("US"))));
    }

    @Test
    void filtersByTheCurrentStatus() {
        Dataset d = dataset();
        deals.transitionDealStatus(TransitionDealStatusRequest.newBuilder().setName(d.ml1.getName())
                .setToStatus(DealStatus.DEAL_STATUS_ON_HOLD).setEffectiveDate(date(2025, 10, 1)).build());
        assertEquals(set(d.ml1), set(list(d.party, f -> f.addStatuses(DealStatus.DEAL_STATUS_ON_HOLD))));
        assertEquals(set(), set(list(d.party, f -> f.addStatuses(DealStatus.DEAL_STATUS_UNDER_NEGOTIATION))));
    }

    @Test
    void filtersByPartyCaseInsensitivelyAndInFull() {
        String party = DealFixtures.uniqueParty();
        String lender = "Test Lender " + java.util.UUID.randomUUID();
        Deal ml1 = create(DealFixtures.ml1().toBuilder().addParties(DealParty.newBuilder().setName(lender)
                .setRole(PartyRole.PARTY_ROLE_FINANCIER)).build(), party);
        Deal minerals = create(DealFixtures.mineralsMou(), party);

        assertEquals(set(ml1, minerals), set(list(party.toUpperCase(), f -> f)));
        assertEquals(set(ml1, minerals), set(list(party.toLowerCase(), f -> f)));
        assertEquals(set(ml1), set(list(lender.toLowerCase(), f -> f)));
        assertEquals(set(), set(list(lender.substring(0, lender.length() - 1), f -> f)), "matched in full only");
    }

    @Test
    void filtersByAnnouncedAndSignedRanges() {
        Dataset d = dataset();
        assertEquals(set(d.ml1, d.minerals, d.sco), set(list(d.party, f -> f.setAnnouncedAfter(date(2025, 8, 0)))));
        assertEquals(set(d.rupees, d.trade, d.ml1), set(list(d.party, f -> f.setAnnouncedBefore(date(2025, 8, 0)))));
        // Minerals is known only to September 2025: inside "September" but not inside "from Sept 2".
        assertEquals(set(d.minerals, d.sco), set(list(d.party, f -> f.setAnnouncedAfter(date(2025, 9, 0))
                .setAnnouncedBefore(date(2025, 9, 0)))));
        assertEquals(set(d.sco), set(list(d.party, f -> f.setAnnouncedAfter(date(2025, 9, 2)))));
        assertEquals(set(d.sco), set(list(d.party, f -> f.setAnnouncedAfter(date(2025, 9, 2))
                .setAnnouncedBefore(date(2025, 9, 2)))));
        assertEquals(set(d.rupees), set(list(d.party, f -> f.setAnnouncedBefore(date(2024, 0, 0)))));

        // Deals without a signed date (ML-1, rupees) never match a signed range.
        assertEquals(set(d.minerals, d.sco, d.trade), set(list(d.party, f -> f.setSignedAfter(date(2000, 0, 0)))));
        assertEquals(set(d.trade), set(list(d.party, f -> f.setSignedBefore(date(2025, 7, 31)))));
        assertEquals(set(d.minerals, d.sco), set(list(d.party, f -> f.setSignedAfter(date(2025, 8, 1))
                .setSignedBefore(date(2025, 9, 30)))));
        assertEquals(set(d.sco), set(list(d.party, f -> f.setSignedAfter(date(2025, 9, 2))
                .setSignedBefore(date(2025, 9, 29)))));
    }

    @Test
    void filtersByAMinimumAmountInItsOwnCurrencyOnly() {
        Dataset d = dataset();
        // ML-1 $2 billion, minerals $500 million, SCO $1.5 billion, rupees PKR 12,000,000,000.5, trade none.
        assertEquals(set(d.ml1, d.minerals, d.sco), set(list(d.party, f -> f.setMinAmount(usd(1)))));
        assertEquals(set(d.ml1, d.sco), set(list(d.party, f -> f.setMinAmount(usd(1_500_000_000L)))));
        assertEquals(set(d.ml1), set(list(d.party, f -> f.setMinAmount(money("USD", 1_500_000_000L, 1)))));
        assertEquals(set(), set(list(d.party, f -> f.setMinAmount(usd(2_000_000_001L)))));
        // Rupees are never converted: the rupee deal matches rupee minimums only, and no dollar deal does.
        assertEquals(set(d.rupees), set(list(d.party, f -> f.setMinAmount(money("PKR", 1, 0)))));
        assertEquals(set(d.rupees), set(list(d.party,
                f -> f.setMinAmount(money("PKR", 12_000_000_000L, 500_000_000)))));
        assertEquals(set(), set(list(d.party, f -> f.setMinAmount(money("PKR", 12_000_000_000L, 500_000_001)))));
        assertEquals(set(), set(list(d.party, f -> f.setMinAmount(money("CNY", 0, 0)))));
    }

    @Test
    void searchesTitlesAndSummariesAsText() {
        Dataset d = dataset();
        // English stemming: "railways" finds "railway"; the summary is searched too ("refinery").
        assertEquals(set(d.ml1), set(list(d.party, f -> f.setQuery("railways"))));
        assertEquals(set(d.minerals), set(list(d.party, f -> f.setQuery("refinery"))));
        assertEquals(set(d.sco, d.trade, d.rupees), set(list(d.party, f -> f.setQuery("textile"))));
        assertEquals(set(d.sco, d.rupees), set(list(d.party, f -> f.setQuery("textile -tariffs"))));
        assertEquals(set(d.minerals), set(list(d.party, f -> f.setQuery("\"critical minerals\""))));
        assertEquals(set(d.ml1, d.minerals), set(list(d.party, f -> f.setQuery("railway or refinery"))));
        assertEquals(set(), set(list(d.party, f -> f.setQuery("earthquake"))));
    }

    @Test
    void pagesThroughEveryOrderWithoutRepeatsOrGaps() {
        String party = DealFixtures.uniqueParty();
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            // Several deals share a date, so the name must break ties; partial dates are mixed in,
            // and two deals of unknown announced date (sorted as the oldest, on no NULL key).
            Date announced = i % 4 == 3 ? date(2020 + i % 3, 0, 0) : date(2020 + i % 3, 1, 1);
            Deal.Builder deal = DealFixtures.ml1().toBuilder().setAnnouncedDate(announced);
            if (i == 5 || i == 10) {
                deal.clearAnnouncedDate();
            }
            created.add(create(deal.build(), party).getName());
        }
        for (String orderBy : ORDERS) {
            List<Deal> all = pageThrough(party, orderBy, 5);
            assertEquals(created, new HashSet<>(names(all)), "every deal listed in order " + orderBy);
            assertEquals(12, all.size(), "no deal listed twice in order " + orderBy);
            List<Deal> sorted = new ArrayList<>(all);
            sorted.sort(comparator(orderBy));
            assertEquals(names(sorted), names(all), "order " + orderBy);
        }
    }

    @Test
    void anUpdatedDealMovesToTheEndOfTheUpdateTimeOrder() {
        String party = DealFixtures.uniqueParty();
        Deal first = create(DealFixtures.ml1(), party);
        Deal second = create(DealFixtures.mineralsMou(), party);
        Deal updated = deals.updateDeal(UpdateDealRequest.newBuilder().setDeal(Deal.newBuilder()
                .setName(first.getName()).setTitle("ML-1 railway upgrade (revised)")).setUpdateMask(mask("title"))
                .build());

        assertEquals(names(second, updated), names(list(party, "update_time", f -> f)));
        assertEquals(names(updated, second), names(list(party, "update_time desc", f -> f)));
    }

    @Test
    void pageSizeDefaultsCoercionAndRefusal() {
        String party = DealFixtures.uniqueParty();
        for (int i = 0; i < 3; i++) {
            create(DealFixtures.ml1(), party);
        }
        DealFilter filter = DealFilter.newBuilder().setParty(party).build();
        ListDealsResponse huge = deals.listDeals(ListDealsRequest.newBuilder().setFilter(filter)
                .setPageSize(1_000_000).build());
        assertEquals(3, huge.getDealsCount());
        assertEquals("", huge.getNextPageToken());
        assertEquals(3, deals.listDeals(ListDealsRequest.newBuilder().setFilter(filter).build()).getDealsCount());

        ListDealsResponse first = deals.listDeals(ListDealsRequest.newBuilder().setFilter(filter).setPageSize(2)
                .build());
        assertEquals(2, first.getDealsCount());
        assertFalse(first.getNextPageToken().isEmpty());

        assertInvalid(Set.of("page_size"), () -> deals.listDeals(ListDealsRequest.newBuilder().setFilter(filter)
                .setPageSize(-1).build()));
    }

    @Test
    void refusesATokenReusedWithAnotherFilterOrOrder() {
        String party = DealFixtures.uniqueParty();
        create(DealFixtures.ml1(), party);
        create(DealFixtures.mineralsMou(), party);
        ListDealsRequest request = ListDealsRequest.newBuilder().setFilter(DealFilter.newBuilder().setParty(party))
                .setPageSize(1).build();
        String token = deals.listDeals(request).getNextPageToken();
        assertFalse(token.isEmpty());

        assertInvalid(Set.of("page_token"), () -> deals.listDeals(request.toBuilder().setFilter(DealFilter
                .newBuilder().setParty(party).setSector(Sector.SECTOR_RAIL)).setPageToken(token).build()));
        assertInvalid(Set.of("page_token"), () -> deals.listDeals(request.toBuilder()
                .setFilter(DealFilter.newBuilder().setParty(DealFixtures.uniqueParty())).setPageToken(token).build()));
        assertInvalid(Set.of("page_token"), () -> deals.listDeals(request.toBuilder().setOrderBy("update_time")
                .setPageToken(token).build()));
        for (String bad : List.of("garbage!", "bm90IGEgdG9rZW4", token.substring(0, token.length() / 2),
                token.substring(0, token.length() - 1), token.substring(1))) {
            assertInvalid(Set.of("page_token"), () -> deals.listDeals(request.toBuilder().setPageToken(bad).build()));
        }
        // Another page size with the same token is fine (AIP-158).
        assertEquals(1, deals.listDeals(request.toBuilder().setPageSize(10).setPageToken(token).build())
                .getDealsCount());
    }

    @Test
    void refusesATokenOfAnotherMethodEvenForEmptyRequests() {
        String party = DealFixtures.uniqueParty();
        Deal ml1 = create(DealFixtures.ml1(), party);
        create(DealFixtures.rupeeTextilePark(), party); // announced earlier: a row after the cursor
        // A cursor ListDeals understands (announced date, id), signed with this service's key but
        // bound to ListDealStatusHistory. Both requests are empty: their fields serialize to the
        // same (zero) bytes, and only the method tells them apart.
        List<String> cursor = List.of("2025-08-01", ml1.getName().substring("deals/".length()));
        String historyToken = PageTokens.encode(ListDealStatusHistoryRequest.getDefaultInstance(), cursor);

        StatusRuntimeException e = assertInvalid(Set.of("page_token"),
                () -> deals.listDeals(ListDealsRequest.newBuilder().setPageToken(historyToken).build()));

        assertEquals("belongs to a different query; repeat the request that returned it with only page_token and"
                + " page_size changed", GrpcErrors.detail(e, BadRequest.class).getFieldViolations(0).getDescription());
        // The same cursor bound to ListDeals is accepted: it is the binding that refused the other.
        assertEquals(1, deals.listDeals(ListDealsRequest.newBuilder().setPageSize(1).setPageToken(
                PageTokens.encode(ListDealsRequest.getDefaultInstance(), cursor)).build()).getDealsCount());
    }

    @Test
    void refusesBadFiltersAndOrderingAllAtOnce() {
        StatusRuntimeException e = assertInvalid(Set.of("order_by", "filter.counterpart_country",
                "filter.min_amount.currency_code", "filter.min_amount.units", "filter.query", "filter.party",
                "filter.announced_after"), Set.of("filter.kinds", "filter.statuses"),
                () -> deals.listDeals(ListDealsRequest.newBuilder().setOrderBy("title").setFilter(DealFilter.newBuilder()
                        .addKinds(DealKind.DEAL_KIND_UNSPECIFIED).addStatusesValue(99)
                        .setCounterpartCountry("China").setMinAmount(money("XYZ", -1, 0))
                        .setQuery("q".repeat(501)).setParty("p".repeat(201))
                        .setAnnouncedAfter(date(2025, 2, 30))).build()));
        assertTrue(e.getStatus().getDescription() != null);
    }

    private List<Deal> pageThrough(String party, String orderBy, int pageSize) {
        List<Deal> all = new ArrayList<>();
        ListDealsRequest request = ListDealsRequest.newBuilder().setFilter(DealFilter.newBuilder().setParty(party))
                .setOrderBy(orderBy).setPageSize(pageSize).build();
        while (true) {
            ListDealsResponse page = deals.listDeals(request);
            assertTrue(page.getDealsCount() <= pageSize);
            all.addAll(page.getDealsList());
            if (page.getNextPageToken().isEmpty()) {
                return all;
            }
            assertTrue(all.size() <= 12, "paging does not end");
            request = request.toBuilder().setPageToken(page.getNextPageToken()).build();
        }
    }

    /** The documented order: the key (a partial date by its first day), then the name, in one direction. */
    private static Comparator<Deal> comparator(String orderBy) {
        Comparator<Deal> byAnnounced = Comparator.comparing((Deal d) -> d.hasAnnouncedDate()
                ? firstDay(d.getAnnouncedDate()) : LocalDate.MIN);
        Comparator<Deal> byUpdate = Comparator.comparing((Deal d) -> d.getUpdateTime().getSeconds())
                .thenComparing(d -> d.getUpdateTime().getNanos());
        Comparator<Deal> full = (orderBy.startsWith("update_time") ? byUpdate : byAnnounced)
                .thenComparing(Deal::getName);
        return orderBy.isEmpty() || orderBy.endsWith("desc") ? full.reversed() : full;
    }

    private static LocalDate firstDay(Date d) {
        return LocalDate.of(d.getYear(), Math.max(d.getMonth(), 1), Math.max(d.getDay(), 1));
    }

    private List<Deal> list(String party, UnaryOperator<DealFilter.Builder> filter) {
        return list(party, "", filter);
    }

    /** Every deal naming the party and matching the filter, in the order asked (one page of up to 1000). */
    private List<Deal> list(String party, String orderBy, UnaryOperator<DealFilter.Builder> filter) {
        ListDealsResponse response = deals.listDeals(ListDealsRequest.newBuilder().setOrderBy(orderBy)
                .setFilter(filter.apply(DealFilter.newBuilder().setParty(party))).setPageSize(1000).build());
        assertEquals("", response.getNextPageToken());
        return response.getDealsList();
    }

    private Deal create(Deal deal, String party) {
        return deals.createDeal(CreateDealRequest.newBuilder().setDeal(tagged(deal, party)).build());
    }

    private static List<String> names(Deal... list) {
        return names(List.of(list));
    }

    private static List<String> names(List<Deal> list) {
        return list.stream().map(Deal::getName).toList();
    }

    private static Set<String> set(Deal... list) {
        return Set.copyOf(names(list));
    }

    private static Set<String> set(List<Deal> list) {
        Set<String> names = list.stream().map(Deal::getName).collect(Collectors.toSet());
        assertEquals(list.size(), names.size(), "no deal listed twice");
        return names;
    }
}
