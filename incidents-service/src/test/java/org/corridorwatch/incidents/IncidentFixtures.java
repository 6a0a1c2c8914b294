package org.corridorwatch.incidents;

import java.util.UUID;

import com.google.type.Date;
import com.google.type.LatLng;

import org.corridorwatch.api.common.v1.Place;
import org.corridorwatch.api.common.v1.PlacePrecision;
import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.incidents.v1.AttributionKind;
import org.corridorwatch.api.incidents.v1.CasualtyEstimate;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentStatus;
import org.corridorwatch.api.incidents.v1.IncidentType;
import org.corridorwatch.api.incidents.v1.NationalityCasualties;
import org.corridorwatch.api.incidents.v1.PerpetratorAttribution;
import org.corridorwatch.api.incidents.v1.TargetType;

/**
 * Incidents the tests record. Each test marks its own rows (a unique deal) so tests never see each
 * other's. They are modelled on the seed articles, but some values (injured counts, coordinates,
 * the source URL, the claim) are test inputs, not sourced facts: the seed dataset must take its
 * figures from ../shared/seeds only.
 */
public final class IncidentFixtures {

    private IncidentFixtures() {
    }

    /**
     * A deal name no other test uses, known to the fake investments-service: filtering on it
     * isolates a test's incidents.
     */
    static String uniqueDeal() {
        return FakeInvestments.DEALS.add("deals/test-" + UUID.randomUUID());
    }

    public static Date date(int year, int month, int day) {
        return Date.newBuilder().setYear(year).setMonth(month).setDay(day).build();
    }

    static Source dawnSource() {
        return Source.newBuilder().setOutlet("Dawn")
                .setUrl("https://example.org/reports/joint-security")
                .setTitle("China pushes Pakistan to allow its own security for Chinese citizens")
                .setPublishedDate(date(2024, 11, 13))
                .setExcerpt("Last month's bombing near Karachi airport, which targeted two Chinese engineers")
                .build();
    }

    /** The July 2021 Dasu bus bombing: 13 killed, 9 of them Chinese. */
    public static Incident dasu() {
        return Incident.newBuilder()
                .setTitle("Bus bombing near the Dasu hydropower project")
                .setSummary("A bus carrying workers to the Dasu dam site was bombed; thirteen people were killed.")
                .setOccurredDate(date(2021, 0, 0))
                .setPlace(Place.newBuilder().setName("Dasu").setDistrict("Upper Kohistan")
                        .setProvince("Khyber Pakhtunkhwa").setCountryCode("PK")
                        .setPrecision(PlacePrecision.PLACE_PRECISION_NEAR_TOWN))
                .setIncidentType(IncidentType.INCIDENT_TYPE_SUICIDE_BOMBING)
                .setTargetType(TargetType.TARGET_TYPE_BUS)
                .setKilled(CasualtyEstimate.newBuilder().setBest(13))
                .addCasualtiesByNationality(NationalityCasualties.newBuilder().setCountryCode("CN").setKilled(9))
                .setStatus(IncidentStatus.INCIDENT_STATUS_CONFIRMED)
                .addSources(dawnSource())
                .build();
    }

    /** The March 2024 Besham convoy attack: 5 Chinese engineers and their Pakistani driver killed. */
    public static Incident besham() {
        return Incident.newBuilder()
                .setTitle("Suicide bomber rams convoy of Chinese engineers near Besham")
                .setSummary("A suicide bomber rammed a vehicle into a convoy heading to a dam project.")
                .setOccurredDate(date(2024, 3, 0))
                .setPlace(Place.newBuilder().setName("Besham").setDistrict("Shangla")
                        .setProvince("Khyber Pakhtunkhwa").setCountryCode("PK")
                        .setPrecision(PlacePrecision.PLACE_PRECISION_NEAR_TOWN))
                .setIncidentType(IncidentType.INCIDENT_TYPE_SUICIDE_BOMBING)
                .setTargetType(TargetType.TARGET_TYPE_CONVOY)
                .setKilled(CasualtyEstimate.newBuilder().setBest(6))
                .addCasualtiesByNationality(NationalityCasualties.newBuilder().setCountryCode("CN").setKilled(5))
                .addCasualtiesByNationality(NationalityCasualties.newBuilder().setCountryCode("PK").setKilled(1))
                .addSources(dawnSource())
                .build();
    }

    /** The October 2024 bombing outside Karachi airport: 2 Chinese engineers killed. */
    public static Incident karachiAirport() {
        return Incident.newBuilder()
                .setTitle("Suicide bombing outside Karachi airport")
                .setSummary("A bombing near Jinnah International Airport targeted a convoy of Chinese engineers.")
                .setOccurredDate(date(2024, 10, 6))
                .setPlace(Place.newBuilder().setName("Jinnah International Airport").setProvince("Sindh")
                        .setCountryCode("PK").setLocation(LatLng.newBuilder().setLatitude(24.9).setLongitude(67.16))
                        .setPrecision(PlacePrecision.PLACE_PRECISION_EXACT_SITE))
                .setIncidentType(IncidentType.INCIDENT_TYPE_VEHICLE_BORNE_IED)
                .setTargetType(TargetType.TARGET_TYPE_CONVOY)
                .setKilled(CasualtyEstimate.newBuilder().setLow(2).setBest(2).setHigh(3))
                .setInjured(CasualtyEstimate.newBuilder().setBest(10))
                .addCasualtiesByNationality(NationalityCasualties.newBuilder().setCountryCode("CN").setKilled(2)
                        .setInjured(1))
                .addPerpetrators(PerpetratorAttribution.newBuilder().setActor("Balochistan Liberation Army")
                        .setKind(AttributionKind.ATTRIBUTION_KIND_CLAIMED))
                .addSources(dawnSource())
                .build();
    }

    /**
     * A valid incident with every field a client can set, set (and no output-only one): the
     * October 2024 Karachi airport bombing, two sources, one of them with nothing but its outlet.
     */
    public static Incident complete() {
        return karachiAirport().toBuilder()
                .setPlace(Place.newBuilder().setName("Jinnah International Airport").setDistrict("Malir")
                        .setProvince("Sindh").setCountryCode("PK")
                        .setLocation(LatLng.newBuilder().setLatitude(24.9).setLongitude(67.16))
                        .setPrecision(PlacePrecision.PLACE_PRECISION_EXACT_SITE))
                .setInjured(CasualtyEstimate.newBuilder().setLow(8).setBest(10).setHigh(17))
                .addCasualtiesByNationality(NationalityCasualties.newBuilder().setCountryCode("PK").setInjured(9))
                .clearPerpetrators()
                .addPerpetrators(PerpetratorAttribution.newBuilder().setActor("Balochistan Liberation Army")
                        .setKind(AttributionKind.ATTRIBUTION_KIND_CLAIMED).setAttributedBy("the group's spokesman"))
                .setAffectedDeal("deals/port-qasim-power-plant")
                .setStatus(IncidentStatus.INCIDENT_STATUS_CONFIRMED)
                .addSources(Source.newBuilder().setOutlet("Reuters"))
                .build();
    }
}
