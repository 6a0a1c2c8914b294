package org.corridorwatch.incidents.service;

import static org.corridorwatch.incidents.IncidentFixtures.date;
import static org.corridorwatch.testing.ValidationCases.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.corridorwatch.incidents.IncidentFixtures;
import org.corridorwatch.support.validation.Violations;
import org.corridorwatch.testing.ValidationCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.type.LatLng;

import org.corridorwatch.api.common.v1.Place;
import org.corridorwatch.api.common.v1.PlacePrecision;
import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.incidents.v1.AttributionKind;
import org.corridorwatch.api.incidents.v1.CasualtyEstimate;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentFilter;
import org.corridorwatch.api.incidents.v1.IncidentStatus;
import org.corridorwatch.api.incidents.v1.IncidentType;
import org.corridorwatch.api.incidents.v1.NationalityCasualties;
import org.corridorwatch.api.incidents.v1.PerpetratorAttribution;

/**
 * Every rule of an incident and an incident filter, one at a time, by the field paths a client
 * reads in the BadRequest: each case breaks one rule of an otherwise valid record.
 */
class IncidentValidatorTest {

    private static final ValidationCases<Incident.Builder> INCIDENTS = new ValidationCases<>();
    private static final ValidationCases<IncidentFilter.Builder> FILTERS = new ValidationCases<>();

    private static final String TOO_LONG_301 = "x".repeat(301);

    @Test
    void aCompleteValidIncidentHasNoViolation() {
        assertEquals(List.of(), violations(IncidentFixtures.complete()));
    }

    @Test
    void aMinimalValidIncidentHasNoViolation() {
        Incident minimal = Incident.newBuilder().setTitle("Attack").setOccurredDate(date(2024, 0, 0))
                .setPlace(IncidentFixtures.complete().getPlace().toBuilder().clearLocation())
                .setIncidentType(IncidentType.INCIDENT_TYPE_SUICIDE_BOMBING)
                .setTargetType(IncidentFixtures.complete().getTargetType())
                .addSources(Source.newBuilder().setOutlet("Dawn")).build();
        assertEquals(List.of(), violations(minimal));
    }

    static Stream<Arguments> brokenIncidents() {
        return Stream.of(
                INCIDENTS.broken("blank title", i -> i.setTitle("  "), "incident.title"),
                INCIDENTS.broken("title over 300 characters", i -> i.setTitle(TOO_LONG_301), "incident.title"),
                INCIDENTS.broken("NUL in the title", i -> i.setTitle("a\u0000b"), "incident.title"),
                INCIDENTS.broken("summary over 10,000 characters", i -> i.setSummary("s".repeat(10_001)), "incident.summary"),
                INCIDENTS.broken("no occurred date", i -> i.clearOccurredDate(), "incident.occurred_date"),
                INCIDENTS.broken("month 13", i -> i.setOccurredDate(date(2024, 13, 0)), "incident.occurred_date"),
                INCIDENTS.broken("30 February", i -> i.setOccurredDate(date(2024, 2, 30)), "incident.occurred_date"),
                INCIDENTS.broken("a day without a month", i -> i.setOccurredDate(date(2024, 0, 5)), "incident.occurred_date"),
                INCIDENTS.broken("a date in the future", i -> i.setOccurredDate(date(9999, 0, 0)), "incident.occurred_date"),
                INCIDENTS.broken("no place", i -> i.clearPlace(), "incident.place"),
                INCIDENTS.broken("place name over 200", inPlace(p -> p.setName("n".repeat(201))), "incident.place.name"),
                INCIDENTS.broken("district over 100", inPlace(p -> p.setDistrict("d".repeat(101))),
                        "incident.place.district"),
                INCIDENTS.broken("province over 100", inPlace(p -> p.setProvince("p".repeat(101))),
                        "incident.place.province"),
                INCIDENTS.broken("no country", inPlace(p -> p.setCountryCode("")), "incident.place.country_code"),
                INCIDENTS.broken("lower-case country", inPlace(p -> p.setCountryCode("pk")),
                        "incident.place.country_code"),
                INCIDENTS.broken("latitude 91", inPlace(p -> p.setLocation(LatLng.newBuilder().setLatitude(91))),
                        "incident.place.location.latitude"),
                INCIDENTS.broken("latitude NaN", inPlace(p -> p.setLocation(LatLng.newBuilder()
                        .setLatitude(Double.NaN))), "incident.place.location.latitude"),
                INCIDENTS.broken("longitude -180.5", inPlace(p -> p.setLocation(LatLng.newBuilder()
                        .setLongitude(-180.5))), "incident.place.location.longitude"),
                INCIDENTS.broken("no place precision", inPlace(p -> p
                        .setPrecision(PlacePrecision.PLACE_PRECISION_UNSPECIFIED)), "incident.place.precision"),
                INCIDENTS.broken("no incident type", i -> i.setIncidentType(IncidentType.INCIDENT_TYPE_UNSPECIFIED),
                        "incident.incident_type"),
                INCIDENTS.broken("an incident type this build does not know", i -> i.setIncidentTypeValue(999),
                        "incident.incident_type"),
                INCIDENTS.broken("no target type", i -> i.setTargetTypeValue(0), "incident.target_type"),
                INCIDENTS.broken("a status this build does not know", i -> i.setStatusValue(999), "incident.status"),
                INCIDENTS.broken("negative best", i -> i.setKilled(CasualtyEstimate.newBuilder().setBest(-1)),
                        // low and high default to best, so they are out of range too
                        "incident.killed.best", "incident.killed.high", "incident.killed.low",
                        "incident.casualties_by_nationality"),
                INCIDENTS.broken("best over 100,000", i -> i.setInjured(CasualtyEstimate.newBuilder().setBest(100_001)),
                        "incident.injured.best", "incident.injured.high", "incident.injured.low"),
                INCIDENTS.broken("low above best", i -> i.setKilled(CasualtyEstimate.newBuilder().setLow(3).setBest(2)),
                        "incident.killed.low"),
                INCIDENTS.broken("high below best", i -> i.setInjured(CasualtyEstimate.newBuilder().setBest(10).setHigh(9)),
                        "incident.injured.high"),
                INCIDENTS.broken("negative low", i -> i.setKilled(CasualtyEstimate.newBuilder().setLow(-1).setBest(2)),
                        "incident.killed.low"),
                INCIDENTS.broken("51 nationalities", i -> i.clearCasualtiesByNationality()
                        .addAllCasualtiesByNationality(Collections.nCopies(51, NationalityCasualties.newBuilder()
                                .setCountryCode("CN").setKilled(1).build())), "incident.casualties_by_nationality"),
                INCIDENTS.broken("a nationality without a country", i -> i.setCasualtiesByNationality(0,
                        NationalityCasualties.newBuilder().setKilled(1)),
                        "incident.casualties_by_nationality[0].country_code"),
                INCIDENTS.broken("a nationality that is not a country", i -> i.setCasualtiesByNationality(1,
                        NationalityCasualties.newBuilder().setCountryCode("XX").setInjured(1)),
                        "incident.casualties_by_nationality[1].country_code"),
                INCIDENTS.broken("a nationality twice", i -> i.setCasualtiesByNationality(1,
                        NationalityCasualties.newBuilder().setCountryCode("CN").setInjured(1)),
                        "incident.casualties_by_nationality[1].country_code"),
                INCIDENTS.broken("negative killed of a nationality", i -> i.setCasualtiesByNationality(0,
                        NationalityCasualties.newBuilder().setCountryCode("CN").setKilled(-1).setInjured(1)),
                        "incident.casualties_by_nationality[0].killed"),
                INCIDENTS.broken("injured of a nationality over 100,000", i -> i.setCasualtiesByNationality(1,
                        NationalityCasualties.newBuilder().setCountryCode("PK").setInjured(100_001)),
                        "incident.casualties_by_nationality[1].injured", "incident.casualties_by_nationality"),
                INCIDENTS.broken("a nationality with no victim", i -> i.setCasualtiesByNationality(1,
                        NationalityCasualties.newBuilder().setCountryCode("PK")),
                        "incident.casualties_by_nationality[1]"),
                INCIDENTS.broken("more killed by nationality than killed.best", i -> i.addCasualtiesByNationality(
                        NationalityCasualties.newBuilder().setCountryCode("AF").setKilled(1)),
                        "incident.casualties_by_nationality"),
                INCIDENTS.broken("more injured by nationality than injured.best", i -> i.addCasualtiesByNationality(
                        NationalityCasualties.newBuilder().setCountryCode("AF").setInjured(1)),
                        "incident.casualties_by_nationality"),
                INCIDENTS.broken("21 perpetrators", i -> i.addAllPerpetrators(Collections.nCopies(20, i.getPerpetrators(0))),
                        "incident.perpetrators"),
                INCIDENTS.broken("a perpetrator without an actor", i -> i.setPerpetrators(0, PerpetratorAttribution
                        .newBuilder().setKind(AttributionKind.ATTRIBUTION_KIND_CLAIMED)),
                        "incident.perpetrators[0].actor"),
                INCIDENTS.broken("a perpetrator without a kind", i -> i.setPerpetrators(0, PerpetratorAttribution
                        .newBuilder().setActor("TTP")), "incident.perpetrators[0].kind"),
                INCIDENTS.broken("attributed_by over 200", i -> i.setPerpetrators(0, i.getPerpetrators(0).toBuilder()
                        .setAttributedBy("a".repeat(201))), "incident.perpetrators[0].attributed_by"),
                INCIDENTS.broken("affected deal of another collection", i -> i.setAffectedDeal("incidents/abc"),
                        "incident.affected_deal"),
                INCIDENTS.broken("affected deal with an invalid id", i -> i.setAffectedDeal("deals/ML-1"),
                        "incident.affected_deal"),
                INCIDENTS.broken("no source", i -> i.clearSources(), "incident.sources"),
                INCIDENTS.broken("51 sources", i -> i.clearSources().addAllSources(Collections.nCopies(51,
                        Source.newBuilder().setOutlet("Dawn").build())), "incident.sources"),
                INCIDENTS.broken("a source without an outlet", i -> i.setSources(1, Source.newBuilder().setUrl(
                        "https://example.org/a")), "incident.sources[1].outlet"),
                INCIDENTS.broken("a source URL that is not http", i -> i.setSources(0, i.getSources(0).toBuilder()
                        .setUrl("ftp://example.org/a")), "incident.sources[0].url"),
                INCIDENTS.broken("a source title over 500", i -> i.setSources(0, i.getSources(0).toBuilder()
                        .setTitle("t".repeat(501))), "incident.sources[0].title"),
                INCIDENTS.broken("a source published in the future", i -> i.setSources(0, i.getSources(0).toBuilder()
                        .setPublishedDate(date(9999, 1, 1))), "incident.sources[0].published_date"),
                INCIDENTS.broken("a source excerpt over 5,000", i -> i.setSources(0, i.getSources(0).toBuilder()
                        .setExcerpt("e".repeat(5_001))), "incident.sources[0].excerpt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenIncidents")
    void eachBrokenRuleNamesItsField(String rule, UnaryOperator<Incident.Builder> change, List<String> fields) {
        assertEquals(fields, violations(change.apply(IncidentFixtures.complete().toBuilder()).build()));
    }

    @Test
    void everyViolationIsReportedNotOnlyTheFirst() {
        Incident incident = IncidentFixtures.complete().toBuilder().setTitle("").clearOccurredDate()
                .setIncidentType(IncidentType.INCIDENT_TYPE_UNSPECIFIED).setAffectedDeal("deal-1").clearSources()
                .build();
        assertEquals(List.of("incident.affected_deal", "incident.incident_type", "incident.occurred_date",
                "incident.sources", "incident.title"), violations(incident));
    }

    @Test
    void anUnspecifiedStatusIsAllowed() {
        assertEquals(List.of(), violations(IncidentFixtures.complete().toBuilder()
                .setStatus(IncidentStatus.INCIDENT_STATUS_UNSPECIFIED).build()));
    }

    @Test
    void theFieldPathsFollowThePrefix() {
        Violations v = new Violations();
        IncidentValidator.validateIncident(IncidentFixtures.complete().toBuilder().setTitle("").build(),
                "incidents[2]", v);
        assertEquals(List.of("incidents[2].title"), fields(v.list()));
    }

    @Test
    void anEmptyFilterAndAFullValidFilterHaveNoViolation() {
        assertEquals(List.of(), violations(IncidentFilter.getDefaultInstance()));
        assertEquals(List.of(), violations(validFilter().build()));
    }

    static Stream<Arguments> brokenFilters() {
        return Stream.of(
                FILTERS.broken("occurred_after not a date", f -> f.setOccurredAfter(date(2024, 2, 30)),
                        "filter.occurred_after"),
                FILTERS.broken("occurred_before not a date", f -> f.setOccurredBefore(date(0, 0, 0)),
                        "filter.occurred_before"),
                FILTERS.broken("an empty range", f -> f.setOccurredAfter(date(2024, 6, 0))
                        .setOccurredBefore(date(2024, 5, 31)), "filter.occurred_before"),
                FILTERS.broken("province over 100", f -> f.setProvince("p".repeat(101)), "filter.province"),
                FILTERS.broken("country not ISO", f -> f.setCountryCode("PAK"), "filter.country_code"),
                FILTERS.broken("21 incident types", f -> f.clearIncidentTypes().addAllIncidentTypes(Collections
                        .nCopies(21, IncidentType.INCIDENT_TYPE_SUICIDE_BOMBING)), "filter.incident_types"),
                FILTERS.broken("an unspecified incident type", f -> f.addIncidentTypes(
                        IncidentType.INCIDENT_TYPE_UNSPECIFIED), "filter.incident_types[1]"),
                FILTERS.broken("11 statuses", f -> f.clearStatuses().addAllStatuses(Collections.nCopies(11,
                        IncidentStatus.INCIDENT_STATUS_CONFIRMED)), "filter.statuses"),
                FILTERS.broken("an unknown status", f -> f.addStatusesValue(999), "filter.statuses[1]"),
                FILTERS.broken("victim nationality not ISO", f -> f.setVictimNationality("cn"),
                        "filter.victim_nationality"),
                FILTERS.broken("negative min_killed", f -> f.setMinKilled(-1), "filter.min_killed"),
                FILTERS.broken("affected deal not a deal's name", f -> f.setAffectedDeal("ml-1"),
                        "filter.affected_deal"),
                FILTERS.broken("query over 500", f -> f.setQuery("q".repeat(501)), "filter.query"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFilters")
    void eachBrokenFilterRuleNamesItsField(String rule, UnaryOperator<IncidentFilter.Builder> change,
            List<String> fields) {
        assertEquals(fields, violations(change.apply(validFilter()).build()));
    }

    private static IncidentFilter.Builder validFilter() {
        return IncidentFilter.newBuilder().setOccurredAfter(date(2021, 0, 0)).setOccurredBefore(date(2024, 10, 6))
                .setProvince("Sindh").setCountryCode("PK")
                .addIncidentTypes(IncidentType.INCIDENT_TYPE_SUICIDE_BOMBING)
                .addStatuses(IncidentStatus.INCIDENT_STATUS_CONFIRMED).setVictimNationality("CN").setMinKilled(1)
                .setAffectedDeal("deals/dasu-hydropower").setQuery("convoy");
    }

    /** A change of the incident's place. */
    private static UnaryOperator<Incident.Builder> inPlace(Consumer<Place.Builder> change) {
        return i -> {
            change.accept(i.getPlaceBuilder());
            return i;
        };
    }

    private static List<String> violations(Incident incident) {
        Violations v = new Violations();
        IncidentValidator.validateIncident(incident, "incident", v);
        return fields(v.list());
    }

    private static List<String> violations(IncidentFilter filter) {
        Violations v = new Violations();
        IncidentValidator.validateFilter(filter, "filter", v);
        return fields(v.list());
    }
}
