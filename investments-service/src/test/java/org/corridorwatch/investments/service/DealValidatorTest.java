package org.corridorwatch.investments.service;

import static org.corridorwatch.investments.DealFixtures.date;
import static org.corridorwatch.investments.DealFixtures.money;
import static org.corridorwatch.testing.ValidationCases.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.corridorwatch.investments.DealFixtures;
import org.corridorwatch.support.validation.Violations;
import org.corridorwatch.testing.ValidationCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.investments.v1.AmountType;
import org.corridorwatch.api.investments.v1.Commodity;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealAmount;
import org.corridorwatch.api.investments.v1.DealFilter;
import org.corridorwatch.api.investments.v1.DealKind;
import org.corridorwatch.api.investments.v1.DealParty;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.PartyRole;
import org.corridorwatch.api.investments.v1.Programme;
import org.corridorwatch.api.investments.v1.Sector;

/**
 * Every rule of a deal, a deal filter and a transition's inputs, one at a time, by the field
 * paths a client reads in the BadRequest: each case breaks one rule of an otherwise valid record.
 */
class DealValidatorTest {

    private static final ValidationCases<Deal.Builder> DEALS = new ValidationCases<>();
    private static final ValidationCases<DealFilter.Builder> FILTERS = new ValidationCases<>();

    @Test
    void aCompleteValidDealHasNoViolation() {
        assertEquals(List.of(), violations(DealFixtures.complete()));
    }

    @Test
    void aMinimalValidDealHasNoViolation() {
        Deal minimal = Deal.newBuilder().setTitle("Port upgrade").setKind(DealKind.DEAL_KIND_MOU)
                .addParties(DealParty.newBuilder().setName("Gwadar Port Authority")
                        .setRole(PartyRole.PARTY_ROLE_HOST_GOVERNMENT))
                .addSectors(Sector.SECTOR_TRADE).setAnnouncedDate(date(2024, 0, 0))
                .addSources(Source.newBuilder().setOutlet("Dawn")).build();
        assertEquals(List.of(), violations(minimal));
    }

    static Stream<Arguments> brokenDeals() {
        return Stream.of(
                DEALS.broken("blank title", d -> d.setTitle(" "), "deal.title"),
                DEALS.broken("title over 300", d -> d.setTitle("t".repeat(301)), "deal.title"),
                DEALS.broken("summary over 10,000", d -> d.setSummary("s".repeat(10_001)), "deal.summary"),
                DEALS.broken("NUL in the summary", d -> d.setSummary("a\u0000"), "deal.summary"),
                DEALS.broken("no kind", d -> d.setKind(DealKind.DEAL_KIND_UNSPECIFIED), "deal.kind"),
                DEALS.broken("a kind this build does not know", d -> d.setKindValue(999), "deal.kind"),
                DEALS.broken("no party", d -> d.clearParties(), "deal.parties"),
                DEALS.broken("51 parties", d -> d.addAllParties(Collections.nCopies(49, d.getParties(0))), "deal.parties"),
                DEALS.broken("a party without a name", d -> d.setParties(0, d.getParties(0).toBuilder().setName("")),
                        "deal.parties[0].name"),
                DEALS.broken("a party name over 200", d -> d.setParties(1, d.getParties(1).toBuilder()
                        .setName("n".repeat(201))), "deal.parties[1].name"),
                DEALS.broken("a party without a role", d -> d.setParties(0, d.getParties(0).toBuilder()
                        .setRole(PartyRole.PARTY_ROLE_UNSPECIFIED)), "deal.parties[0].role"),
                DEALS.broken("a party country that is not ISO", d -> d.setParties(1, d.getParties(1).toBuilder()
                        .setCountryCode("PAK")), "deal.parties[1].country_code"),
                DEALS.broken("21 counterpart countries", d -> d.clearCounterpartCountries()
                        .addAllCounterpartCountries(Collections.nCopies(21, "US")), "deal.counterpart_countries"),
                DEALS.broken("an empty counterpart country", d -> d.setCounterpartCountries(1, ""),
                        "deal.counterpart_countries[1]"),
                DEALS.broken("a counterpart country that is not ISO", d -> d.setCounterpartCountries(0, "us"),
                        "deal.counterpart_countries[0]"),
                DEALS.broken("a counterpart country twice", d -> d.setCounterpartCountries(1, "US"),
                        "deal.counterpart_countries[1]"),
                DEALS.broken("no sector", d -> d.clearSectors(), "deal.sectors"),
                DEALS.broken("21 sectors", d -> d.clearSectors().addAllSectors(Collections.nCopies(21,
                        Sector.SECTOR_MINING)), "deal.sectors"),
                DEALS.broken("an unspecified sector", d -> d.setSectors(1, Sector.SECTOR_UNSPECIFIED), "deal.sectors[1]"),
                DEALS.broken("a sector twice", d -> d.setSectors(1, Sector.SECTOR_MINING), "deal.sectors[1]"),
                DEALS.broken("an unknown commodity", d -> d.setCommoditiesValue(2, 999), "deal.commodities[2]"),
                DEALS.broken("a commodity twice", d -> d.addCommodities(Commodity.COMMODITY_GOLD), "deal.commodities[5]"),
                DEALS.broken("21 commodities", d -> d.clearCommodities().addAllCommodities(Collections.nCopies(21,
                        Commodity.COMMODITY_GOLD)), "deal.commodities"),
                DEALS.broken("a programme this build does not know", d -> d.setProgrammeValue(999), "deal.programme"),
                DEALS.broken("location over 500", d -> d.setLocation("l".repeat(501)), "deal.location"),
                DEALS.broken("51 amounts", d -> d.addAllAmounts(Collections.nCopies(49, d.getAmounts(0))), "deal.amounts"),
                DEALS.broken("an amount without a type", d -> d.setAmounts(0, d.getAmounts(0).toBuilder()
                        .setType(AmountType.AMOUNT_TYPE_UNSPECIFIED)), "deal.amounts[0].type"),
                DEALS.broken("an amount without a value", d -> d.setAmounts(1, d.getAmounts(1).toBuilder().clearValue()),
                        "deal.amounts[1].value"),
                DEALS.broken("an amount without a currency", d -> d.setAmounts(0, d.getAmounts(0).toBuilder()
                        .setValue(money("", 1, 0))), "deal.amounts[0].value.currency_code"),
                DEALS.broken("an amount in lower-case currency", d -> d.setAmounts(0, d.getAmounts(0).toBuilder()
                        .setValue(money("usd", 1, 0))), "deal.amounts[0].value.currency_code"),
                DEALS.broken("a negative amount", d -> d.setAmounts(1, d.getAmounts(1).toBuilder()
                        .setValue(money("PKR", -1, 0))), "deal.amounts[1].value.units"),
                DEALS.broken("an amount's nanos of a whole unit", d -> d.setAmounts(1, d.getAmounts(1).toBuilder()
                        .setValue(money("PKR", 1, 1_000_000_000))), "deal.amounts[1].value.nanos"),
                DEALS.broken("an amount as of a date to come", d -> d.setAmounts(0, d.getAmounts(0).toBuilder()
                        .setAsOfDate(date(9999, 0, 0))), "deal.amounts[0].as_of_date"),
                DEALS.broken("an amount's source without an outlet", d -> d.setAmounts(0, d.getAmounts(0).toBuilder()
                        .setSource(Source.newBuilder().setTitle("Untitled"))), "deal.amounts[0].source.outlet"),
                DEALS.broken("an announced date that is no date", d -> d.setAnnouncedDate(date(2025, 2, 29))
                        .clearSignedDate(), "deal.announced_date"),
                DEALS.broken("a signed date that is no date", d -> d.setSignedDate(date(2025, 13, 0)),
                        "deal.signed_date"),
                DEALS.broken("signed before it was announced", d -> d.setSignedDate(date(2025, 8, 31)),
                        "deal.signed_date"),
                DEALS.broken("signed in the future", d -> d.setSignedDate(date(9999, 1, 1)), "deal.signed_date"),
                DEALS.broken("a status this build does not know", d -> d.setStatusValue(999), "deal.status"),
                DEALS.broken("no source", d -> d.clearSources(), "deal.sources"),
                DEALS.broken("51 sources", d -> d.addAllSources(Collections.nCopies(49, d.getSources(0))), "deal.sources"),
                DEALS.broken("a source URL without a host", d -> d.setSources(0, d.getSources(0).toBuilder()
                        .setUrl("https:///path")), "deal.sources[0].url"),
                DEALS.broken("a source published on no day", d -> d.setSources(1, d.getSources(1).toBuilder()
                        .setPublishedDate(date(2025, 4, 31))), "deal.sources[1].published_date"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDeals")
    void eachBrokenRuleNamesItsField(String rule, UnaryOperator<Deal.Builder> change, List<String> fields) {
        assertEquals(fields, violations(change.apply(DealFixtures.complete().toBuilder()).build()));
    }

    @Test
    void everyViolationIsReportedNotOnlyTheFirst() {
        Deal deal = DealFixtures.complete().toBuilder().setTitle("").setKind(DealKind.DEAL_KIND_UNSPECIFIED)
                .clearParties().clearSectors().clearSources().build();
        assertEquals(List.of("deal.kind", "deal.parties", "deal.sectors", "deal.sources", "deal.title"),
                violations(deal));
    }

    @Test
    void theStatusIsOptionalAndNotChecked() {
        // Which status a new deal may start at is the lifecycle's rule (DealLifecycle), not this one.
        assertEquals(List.of(), violations(DealFixtures.complete().toBuilder()
                .setStatus(DealStatus.DEAL_STATUS_UNSPECIFIED).build()));
        assertEquals(List.of(), violations(DealFixtures.complete().toBuilder()
                .setStatus(DealStatus.DEAL_STATUS_COMPLETED).build()));
    }

    @Test
    void anUnspecifiedProgrammeIsAllowed() {
        assertEquals(List.of(), violations(DealFixtures.complete().toBuilder()
                .setProgramme(Programme.PROGRAMME_UNSPECIFIED).build()));
    }

    @Test
    void anEmptyFilterAndAFullValidFilterHaveNoViolation() {
        assertEquals(List.of(), violations(DealFilter.getDefaultInstance()));
        assertEquals(List.of(), violations(validFilter().build()));
    }

    static Stream<Arguments> brokenFilters() {
        return Stream.of(
                FILTERS.broken("11 kinds", f -> f.addAllKinds(Collections.nCopies(10, DealKind.DEAL_KIND_MOU)),
                        "filter.kinds"),
                FILTERS.broken("an unspecified kind", f -> f.addKinds(DealKind.DEAL_KIND_UNSPECIFIED), "filter.kinds[1]"),
                FILTERS.broken("21 statuses", f -> f.addAllStatuses(Collections.nCopies(20,
                        DealStatus.DEAL_STATUS_PROPOSED)), "filter.statuses"),
                FILTERS.broken("an unknown status", f -> f.addStatusesValue(999), "filter.statuses[1]"),
                FILTERS.broken("an unknown sector", f -> f.setSectorValue(999), "filter.sector"),
                FILTERS.broken("a counterpart country that is not ISO", f -> f.setCounterpartCountry("XX"),
                        "filter.counterpart_country"),
                FILTERS.broken("party over 200", f -> f.setParty("p".repeat(201)), "filter.party"),
                FILTERS.broken("an unknown commodity", f -> f.setCommodityValue(999), "filter.commodity"),
                FILTERS.broken("an unknown programme", f -> f.setProgrammeValue(999), "filter.programme"),
                FILTERS.broken("announced_after no date", f -> f.setAnnouncedAfter(date(2025, 0, 3)),
                        "filter.announced_after"),
                FILTERS.broken("an empty announced range", f -> f.setAnnouncedAfter(date(2026, 0, 0))
                        .setAnnouncedBefore(date(2025, 0, 0)), "filter.announced_before"),
                FILTERS.broken("signed_before no date", f -> f.setSignedBefore(date(2025, 6, 31)),
                        "filter.signed_before"),
                FILTERS.broken("an empty signed range", f -> f.setSignedAfter(date(2025, 9, 2))
                        .setSignedBefore(date(2025, 9, 1)), "filter.signed_before"),
                FILTERS.broken("a min_amount in no currency", f -> f.setMinAmount(money("ZZZ", 1, 0)),
                        "filter.min_amount.currency_code"),
                FILTERS.broken("a negative min_amount", f -> f.setMinAmount(money("USD", 0, -1)),
                        "filter.min_amount.nanos"),
                FILTERS.broken("query over 500", f -> f.setQuery("q".repeat(501)), "filter.query"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFilters")
    void eachBrokenFilterRuleNamesItsField(String rule, UnaryOperator<DealFilter.Builder> change,
            List<String> fields) {
        assertEquals(fields, violations(change.apply(validFilter()).build()));
    }

    @Test
    void aTransitionsNoteAndSourceAreChecked() {
        assertEquals(List.of(), transitionViolations("Talks resumed after the election.", true,
                DealFixtures.arabNews()));
        assertEquals(List.of("note"), transitionViolations("n".repeat(2_001), false, Source.getDefaultInstance()));
        assertEquals(List.of("source.outlet", "source.url"), transitionViolations("", true,
                Source.newBuilder().setUrl("mailto:desk@example.org").build()));
    }

    @Test
    void anAbsentTransitionSourceIsNotChecked() {
        assertEquals(List.of(), transitionViolations("", false, Source.getDefaultInstance()));
    }

    private static DealFilter.Builder validFilter() {
        return DealFilter.newBuilder().addKinds(DealKind.DEAL_KIND_MOU).addStatuses(DealStatus.DEAL_STATUS_MOU_SIGNED)
                .setSector(Sector.SECTOR_MINING).setCounterpartCountry("US").setParty("Frontier Works Organization")
                .setCommodity(Commodity.COMMODITY_COPPER).setProgramme(Programme.PROGRAMME_NONE)
                .setAnnouncedAfter(date(2025, 0, 0)).setAnnouncedBefore(date(2025, 12, 31))
                .setSignedAfter(date(2025, 9, 0)).setSignedBefore(date(2025, 9, 0))
                .setMinAmount(money("USD", 1_000_000, 0)).setQuery("minerals");
    }

    private static List<String> violations(Deal deal) {
        Violations v = new Violations();
        DealValidator.validateDeal(deal, "deal", v);
        return fields(v.list());
    }

    private static List<String> violations(DealFilter filter) {
        Violations v = new Violations();
        DealValidator.validateFilter(filter, "filter", v);
        return fields(v.list());
    }

    private static List<String> transitionViolations(String note, boolean hasSource, Source source) {
        Violations v = new Violations();
        DealValidator.validateTransitionInputs(note, hasSource, source, v);
        return fields(v.list());
    }
}
