package org.corridorwatch.investments;

import static java.util.Collections.nCopies;
import static org.corridorwatch.investments.DealFixtures.amount;
import static org.corridorwatch.investments.DealFixtures.date;
import static org.corridorwatch.investments.DealFixtures.money;
import static org.corridorwatch.investments.DealFixtures.nextYear;
import static org.corridorwatch.investments.InvestmentsTestSupport.assertFails;
import static org.corridorwatch.investments.InvestmentsTestSupport.assertInvalid;
import static org.corridorwatch.investments.InvestmentsTestSupport.dealRows;
import static org.corridorwatch.investments.InvestmentsTestSupport.transitionRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;
import com.google.rpc.ResourceInfo;
import com.google.type.Date;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.investments.v1.AmountType;
import org.corridorwatch.api.investments.v1.Commodity;
import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealAmount;
import org.corridorwatch.api.investments.v1.DealParty;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.DealStatusTransition;
import org.corridorwatch.api.investments.v1.GetDealRequest;
import org.corridorwatch.api.investments.v1.PartyRole;
import org.corridorwatch.api.investments.v1.ListDealStatusHistoryRequest;
import org.corridorwatch.api.investments.v1.Programme;
import org.corridorwatch.api.investments.v1.Sector;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class CreateDealTest {

    private static final String FIRST_AMOUNT = "deal.amounts[0].value";

    @GrpcClient("investments")
    DealServiceBlockingStub deals;

    @Inject
    DataSource dataSource;

    @Test
    void createsADealAndReturnsExactlyWhatWasSentPlusTheOutputFields() {
        Deal sent = DealFixtures.mineralsMou();
        Instant before = Instant.now().minusSeconds(1);

        Deal created = deals.createDeal(CreateDealRequest.newBuilder().setDeal(sent)
                .setStatusDate(date(2025, 9, 8)).build());

        assertTrue(created.getName().matches("deals/[0-9a-f-]{36}"), created.getName());
        assertFalse(created.getEtag().isEmpty());
        assertTrue(created.getCreateTime().getSeconds() >= before.getEpochSecond());
        assertEquals(created.getCreateTime(), created.getUpdateTime());
        Deal expected = sent.toBuilder().setName(created.getName()).setEtag(created.getEtag())
                .setStatusDate(date(2025, 9, 8)).setCreateTime(created.getCreateTime())
                .setUpdateTime(created.getUpdateTime()).build();
        assertEquals(expected, created);
        assertEquals(created, get(created.getName()));

        assertEquals(List.of(DealStatusTransition.newBuilder().setFromStatus(DealStatus.DEAL_STATUS_UNSPECIFIED)
                .setToStatus(DealStatus.DEAL_STATUS_MOU_SIGNED).setEffectiveDate(date(2025, 9, 8))
                .setRecordTime(created.getCreateTime()).build()), history(created.getName()));
    }

    @Test
    void anUnspecifiedStatusStartsAsProposedOnTheAnnouncedDate() {
        Deal sent = DealFixtures.ml1().toBuilder().clearStatus().clearProgramme().build();

        Deal created = create(sent);

        assertEquals(DealStatus.DEAL_STATUS_PROPOSED, created.getStatus());
        assertEquals(sent.getAnnouncedDate(), created.getStatusDate());
        assertEquals(Programme.PROGRAMME_NONE, created.getProgramme(), "unspecified programme means none");
        List<DealStatusTransition> history = history(created.getName());
        assertEquals(1, history.size());
        assertEquals(DealStatus.DEAL_STATUS_UNSPECIFIED, history.get(0).getFromStatus());
        assertEquals(DealStatus.DEAL_STATUS_PROPOSED, history.get(0).getToStatus());
        assertEquals(sent.getAnnouncedDate(), history.get(0).getEffectiveDate());
    }

    @Test
    void ignoresOutputOnlyFieldsOnInput() {
        Deal sent = DealFixtures.scoJointVentures().toBuilder().setName("deals/chosen-by-the-client")
                .setEtag("client-etag").setStatusDate(date(1999, 1, 1))
                .setCreateTime(Timestamp.newBuilder().setSeconds(1)).setUpdateTime(Timestamp.newBuilder().setSeconds(2))
                .build();

        Deal created = create(sent);

        assertTrue(created.getName().matches("deals/[0-9a-f-]{36}"), created.getName());
        assertFalse(created.getEtag().equals("client-etag"));
        assertEquals(sent.getAnnouncedDate(), created.getStatusDate());
        assertTrue(created.getCreateTime().getSeconds() > 2);
    }

    @Test
    void keepsPartialDatesAsTheirPrecision() {
        Deal sent = DealFixtures.mineralsMou().toBuilder().setAnnouncedDate(date(2025, 9, 0))
                .setSignedDate(date(2025, 0, 0)).clearAmounts()
                .addAmounts(amount(AmountType.AMOUNT_TYPE_ENVISAGED, DealFixtures.usd(500_000_000L), date(2025, 0, 0)))
                .build();

        Deal created = deals.createDeal(CreateDealRequest.newBuilder().setDeal(sent).setStatusDate(date(2025, 9, 0))
                .build());

        assertEquals(date(2025, 9, 0), created.getAnnouncedDate());
        assertEquals(date(2025, 0, 0), created.getSignedDate());
        assertEquals(date(2025, 0, 0), created.getAmounts(0).getAsOfDate());
        assertEquals(date(2025, 9, 0), created.getStatusDate());
        assertEquals(date(2025, 9, 0), history(created.getName()).get(0).getEffectiveDate());
        assertEquals(created, get(created.getName()));
    }

    @Test
    void keepsAmountsExactlyInTheirOwnCurrencies() {
        Deal sent = DealFixtures.ml1().toBuilder()
                .addAmounts(amount(AmountType.AMOUNT_TYPE_PLEDGED, money("PKR", 999_999_999_999_999L, 999_999_999),
                        date(2025, 9, 1)))
                .addAmounts(amount(AmountType.AMOUNT_TYPE_DISBURSED, money("CNY", 0, 1), null))
                .addAmounts(amount(AmountType.AMOUNT_TYPE_COMMITTED, money("USD", 1_000_000_000_000_000L, 0), null))
                .build();

        Deal created = create(sent);

        assertEquals(sent.getAmountsList(), created.getAmountsList());
        assertEquals(sent.getAmountsList(), get(created.getName()).getAmountsList());
    }

    @Test
    void aRetriedCreateWithTheSameRequestIdReturnsTheOriginal() throws Exception {
        CreateDealRequest request = CreateDealRequest.newBuilder().setDeal(DealFixtures.ml1())
                .setRequestId(UUID.randomUUID().toString()).build();
        long dealsBefore = dealRows(dataSource);
        long transitionsBefore = transitionRows(dataSource);

        Deal first = deals.createDeal(request);
        Deal retry = deals.createDeal(request);

        assertEquals(first, retry);
        assertEquals(dealsBefore + 1, dealRows(dataSource));
        assertEquals(transitionsBefore + 1, transitionRows(dataSource));
        assertEquals(1, transitionRows(dataSource, first.getName()));
    }

    @Test
    void usesTheClientChosenIdAndRefusesItTwice() throws Exception {
        String id = "ml-1-" + UUID.randomUUID().toString().substring(0, 8);
        Deal created = deals.createDeal(CreateDealRequest.newBuilder().setDeal(DealFixtures.ml1()).setDealId(id)
                .build());
        assertEquals("deals/" + id, created.getName());
        long dealsBefore = dealRows(dataSource);
        long transitionsBefore = transitionRows(dataSource);

        StatusRuntimeException e = assertFails(Status.Code.ALREADY_EXISTS, () -> deals.createDeal(
                CreateDealRequest.newBuilder().setDeal(DealFixtures.mineralsMou()).setDealId(id).build()));

        assertEquals("RESOURCE_ALREADY_EXISTS", GrpcErrors.errorInfo(e).getReason());
        assertEquals("deals/" + id, GrpcErrors.detail(e, ResourceInfo.class).getResourceName());
        assertEquals(dealsBefore, dealRows(dataSource));
        assertEquals(transitionsBefore, transitionRows(dataSource));
        assertEquals(created, get(created.getName()), "the first deal is untouched");
    }

    @Test
    void refusesADealWithEveryViolationListedAndWritesNothing() throws Exception {
        String id = "refused-" + UUID.randomUUID().toString().substring(0, 8);
        Deal bad = Deal.newBuilder()
                .setTitle("   ")
                .setSummary("s".repeat(10_001))
                .addParties(DealParty.newBuilder().setName("Asian Development Bank")
                        .setRole(PartyRole.PARTY_ROLE_FINANCIER))
                .addParties(DealParty.newBuilder().setName(""))
                .addCounterpartCountries("China")
                .addAmounts(DealAmount.newBuilder().setType(AmountType.AMOUNT_TYPE_ENVISAGED)
                        .setValue(money("XYZ", -5, 1_000_000_000)))
                .addAmounts(DealAmount.newBuilder().setValue(DealFixtures.usd(1)))
                .setSignedDate(nextYear())
                .setStatusValue(42)
                .build();
        long dealsBefore = dealRows(dataSource);
        long transitionsBefore = transitionRows(dataSource);

        StatusRuntimeException e = assertInvalid(Set.of(
                "deal.title", "deal.summary", "deal.kind", "deal.parties[1].name", "deal.parties[1].role",
                "deal.sectors", FIRST_AMOUNT + ".currency_code", FIRST_AMOUNT + ".units", FIRST_AMOUNT + ".nanos",
                "deal.amounts[1].type", "deal.signed_date", "deal.status", "deal.sources",
                "deal_id", "request_id", "status_date"), Set.of("deal.counterpart_countries"), () -> deals.createDeal(CreateDealRequest.newBuilder().setDeal(bad).setDealId("-" + id)
                        .setRequestId("not-a-uuid").setStatusDate(nextYear()).build()));

        assertTrue(e.getStatus().getDescription() != null && !e.getStatus().getDescription().contains("Exception"),
                e.getStatus().getDescription());
        assertEquals(dealsBefore, dealRows(dataSource));
        assertEquals(transitionsBefore, transitionRows(dataSource));
    }

    @Test
    void refusesAnUnknownCurrency() {
        assertInvalid(Set.of(FIRST_AMOUNT + ".currency_code"),
                () -> create(withAmount(money("XYZ", 100, 0))));
        assertInvalid(Set.of(FIRST_AMOUNT + ".currency_code"),
                () -> create(withAmount(money("", 100, 0))));
    }

    @Test
    void refusesNegativeAndTooLargeUnits() {
        assertInvalid(Set.of(FIRST_AMOUNT + ".units"), () -> create(withAmount(money("USD", -1, 0))));
        assertInvalid(Set.of(FIRST_AMOUNT + ".units"),
                () -> create(withAmount(money("USD", 1_000_000_000_000_001L, 0))));
    }

    @Test
    void refusesNanosOutOfRange() {
        assertInvalid(Set.of(FIRST_AMOUNT + ".nanos"), () -> create(withAmount(money("USD", 1, 1_000_000_000))));
        assertInvalid(Set.of(FIRST_AMOUNT + ".nanos"), () -> create(withAmount(money("USD", 1, -1))));
    }

    @Test
    void refusesAnAmountWithoutTypeOrValue() {
        Deal bad = DealFixtures.ml1().toBuilder().clearAmounts().addAmounts(DealAmount.getDefaultInstance()).build();
        assertInvalid(Set.of("deal.amounts[0].type"), Set.of("deal.amounts[0].value"), () -> create(bad));
    }

    @Test
    void refusesASignedDateBeforeTheAnnouncedOne() throws Exception {
        long before = dealRows(dataSource);
        assertInvalid(Set.of("deal.signed_date"), () -> create(DealFixtures.scoJointVentures().toBuilder()
                .setAnnouncedDate(date(2025, 9, 10)).setSignedDate(date(2025, 9, 1)).build()));
        // A partial signed date is before the announcement only when its whole span is.
        assertInvalid(Set.of("deal.signed_date"), () -> create(DealFixtures.scoJointVentures().toBuilder()
                .setAnnouncedDate(date(2025, 9, 10)).setSignedDate(date(2025, 8, 0)).build()));
        assertEquals(before, dealRows(dataSource));
        assertEquals(date(2025, 9, 0), create(DealFixtures.scoJointVentures().toBuilder()
                .setAnnouncedDate(date(2025, 9, 10)).setSignedDate(date(2025, 9, 0)).build()).getSignedDate());
    }

    @Test
    void refusesToStartOnHoldOrInAFinalStatus() throws Exception {
        long before = dealRows(dataSource);
        for (DealStatus start : List.of(DealStatus.DEAL_STATUS_ON_HOLD, DealStatus.DEAL_STATUS_COMPLETED,
                DealStatus.DEAL_STATUS_CANCELLED, DealStatus.DEAL_STATUS_SUPERSEDED)) {
            assertInvalid(Set.of("deal.status"), () -> create(DealFixtures.mineralsMou().toBuilder().setStatus(start)
                    .build()));
        }
        assertEquals(before, dealRows(dataSource));
    }

    @Test
    void refusesFutureDatesAndImpossibleOnes() {
        Deal future = DealFixtures.mineralsMou().toBuilder().setAnnouncedDate(nextYear()).setSignedDate(nextYear())
                .clearAmounts().addAmounts(amount(AmountType.AMOUNT_TYPE_ENVISAGED, DealFixtures.usd(1), nextYear()))
                .build();
        assertInvalid(Set.of("deal.announced_date", "deal.signed_date", "deal.amounts[0].as_of_date"),
                () -> create(future));

        assertInvalid(Set.of("status_date"), () -> deals.createDeal(CreateDealRequest.newBuilder()
                .setDeal(DealFixtures.ml1()).setStatusDate(nextYear()).build()));
        assertInvalid(Set.of("deal.announced_date"),
                () -> create(DealFixtures.ml1().toBuilder().setAnnouncedDate(date(2025, 2, 30)).build()));
        assertInvalid(Set.of("deal.announced_date"),
                () -> create(DealFixtures.ml1().toBuilder().setAnnouncedDate(date(2025, 13, 0)).build()));
    }

    @Test
    void refusesMissingRequiredParts() {
        Deal bad = DealFixtures.ml1().toBuilder().clearTitle().clearKind().clearParties().clearSectors()
                .clearSources().build();
        assertInvalid(Set.of("deal.title", "deal.kind", "deal.parties", "deal.sectors", "deal.sources"),
                () -> create(bad));
    }

    @Test
    void aDealOfUnknownAnnouncedDateHasNoneAndStartsUndatedUnlessAStatusDateIsGiven() {
        Deal sent = DealFixtures.ml1().toBuilder().clearAnnouncedDate().build();

        Deal undated = create(sent);

        assertFalse(undated.hasAnnouncedDate(), undated.toString());
        assertFalse(undated.hasStatusDate(), "no status date is made up");
        assertFalse(history(undated.getName()).get(0).hasEffectiveDate());
        assertEquals(undated, get(undated.getName()));

        // A signed date needs no announced date to be checked against.
        Deal signed = create(DealFixtures.mineralsMou().toBuilder().clearAnnouncedDate().build());
        assertFalse(signed.hasAnnouncedDate());
        assertEquals(DealFixtures.mineralsMou().getSignedDate(), signed.getSignedDate());

        Deal dated = create(sent, date(2025, 8, 0));
        assertFalse(dated.hasAnnouncedDate());
        assertEquals(date(2025, 8, 0), dated.getStatusDate());
        assertEquals(date(2025, 8, 0), history(dated.getName()).get(0).getEffectiveDate());
    }

    @Test
    void refusesRepeatedSectorsCommoditiesAndCounterparts() {
        Deal bad = DealFixtures.mineralsMou().toBuilder().addSectors(Sector.SECTOR_MINING)
                .addCommodities(Commodity.COMMODITY_GOLD).addCounterpartCountries("US").build();
        assertInvalid(Set.of(), Set.of("deal.sectors", "deal.commodities", "deal.counterpart_countries"),
                () -> create(bad));
    }

    @Test
    void refusesUnrecognizedEnumValues() {
        Deal bad = DealFixtures.ml1().toBuilder().setKindValue(99).setProgrammeValue(77).addSectorsValue(55)
                .addCommoditiesValue(66)
                .setParties(0, DealFixtures.ml1().getParties(0).toBuilder().setRoleValue(88))
                .setAmounts(0, DealFixtures.ml1().getAmounts(0).toBuilder().setTypeValue(33))
                .build();
        assertInvalid(Set.of("deal.kind", "deal.programme", "deal.parties[0].role", "deal.amounts[0].type"),
                Set.of("deal.sectors", "deal.commodities"), () -> create(bad));
    }

    @Test
    void refusesBadSources() {
        Deal bad = DealFixtures.ml1().toBuilder().addSources(Source.newBuilder().setUrl("ftp://example.org/x")
                .setPublishedDate(nextYear())).build();
        assertInvalid(Set.of("deal.sources[1].outlet", "deal.sources[1].url", "deal.sources[1].published_date"),
                () -> create(bad));
    }

    // The limits of DealValidator: one item or character past each is refused, naming the exact
    // field, and nothing is written; exactly at the limit is accepted.

    @Test
    void refusesMoreThanFiftyParties() throws Exception {
        DealParty party = DealParty.newBuilder().setName("Test investor").setRole(PartyRole.PARTY_ROLE_INVESTOR)
                .build();
        Deal base = DealFixtures.ml1().toBuilder().clearParties().build();
        assertLimit("deal.parties", base.toBuilder().addAllParties(nCopies(50, party)).build(),
                base.toBuilder().addAllParties(nCopies(51, party)).build());
    }

    @Test
    void refusesMoreThanFiftyAmounts() throws Exception {
        DealAmount envisaged = amount(AmountType.AMOUNT_TYPE_ENVISAGED, DealFixtures.usd(1), date(2025, 8, 0));
        Deal base = DealFixtures.ml1().toBuilder().clearAmounts().build();
        assertLimit("deal.amounts", base.toBuilder().addAllAmounts(nCopies(50, envisaged)).build(),
                base.toBuilder().addAllAmounts(nCopies(51, envisaged)).build());
    }

    @Test
    void refusesMoreThanFiftySources() throws Exception {
        Deal base = DealFixtures.ml1().toBuilder().clearSources().build();
        assertLimit("deal.sources", base.toBuilder().addAllSources(nCopies(50, DealFixtures.arabNews())).build(),
                base.toBuilder().addAllSources(nCopies(51, DealFixtures.arabNews())).build());
    }

    @Test
    void refusesMoreThanTwentyCounterpartCountries() throws Exception {
        List<String> countries = Arrays.stream(Locale.getISOCountries()).limit(21).toList();
        Deal base = DealFixtures.ml1().toBuilder().clearCounterpartCountries().build();
        assertLimit("deal.counterpart_countries",
                base.toBuilder().addAllCounterpartCountries(countries.subList(0, 20)).build(),
                base.toBuilder().addAllCounterpartCountries(countries).build());
    }

    @Test
    void refusesATitleOverThreeHundredCharacters() throws Exception {
        assertLimit("deal.title", DealFixtures.ml1().toBuilder().setTitle("t".repeat(300)).build(),
                DealFixtures.ml1().toBuilder().setTitle("t".repeat(301)).build());
    }

    @Test
    void refusesAPartyNameOverTwoHundredCharacters() throws Exception {
        Deal ml1 = DealFixtures.ml1();
        assertLimit("deal.parties[1].name",
                ml1.toBuilder().setParties(1, ml1.getParties(1).toBuilder().setName("p".repeat(200))).build(),
                ml1.toBuilder().setParties(1, ml1.getParties(1).toBuilder().setName("p".repeat(201))).build());
    }

    @Test
    void refusesALocationOverFiveHundredCharacters() throws Exception {
        assertLimit("deal.location", DealFixtures.ml1().toBuilder().setLocation("l".repeat(500)).build(),
                DealFixtures.ml1().toBuilder().setLocation("l".repeat(501)).build());
    }

    /** Expects {@code over} refused naming exactly {@code field}, with nothing written, and {@code atLimit} created. */
    private void assertLimit(String field, Deal atLimit, Deal over) throws Exception {
        long dealsBefore = dealRows(dataSource);
        long transitionsBefore = transitionRows(dataSource);

        assertInvalid(Set.of(field), () -> create(over));

        assertEquals(dealsBefore, dealRows(dataSource));
        assertEquals(transitionsBefore, transitionRows(dataSource));
        assertEquals(atLimit, create(atLimit).toBuilder().clearName().clearStatusDate().clearCreateTime()
                .clearUpdateTime().clearEtag().build());
    }

    @Test
    void errorMessagesAreEnglishWithoutInternals() {
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> deals.createDeal(CreateDealRequest.getDefaultInstance()));
        String message = e.getStatus().getDescription();
        assertFalse(message.contains("Exception"), message);
        assertFalse(message.contains("org."), message);
        assertFalse(GrpcErrors.violatedFields(e).isEmpty());
    }

    private static Deal withAmount(com.google.type.Money value) {
        return DealFixtures.ml1().toBuilder().clearAmounts()
                .addAmounts(amount(AmountType.AMOUNT_TYPE_COMMITTED, value, (Date) null)).build();
    }

    private Deal create(Deal deal) {
        return deals.createDeal(CreateDealRequest.newBuilder().setDeal(deal).build());
    }

    private Deal create(Deal deal, Date statusDate) {
        return deals.createDeal(CreateDealRequest.newBuilder().setDeal(deal).setStatusDate(statusDate).build());
    }

    private Deal get(String name) {
        return deals.getDeal(GetDealRequest.newBuilder().setName(name).build());
    }

    private List<DealStatusTransition> history(String name) {
        return deals.listDealStatusHistory(ListDealStatusHistoryRequest.newBuilder().setName(name).build())
                .getTransitionsList();
    }
}
