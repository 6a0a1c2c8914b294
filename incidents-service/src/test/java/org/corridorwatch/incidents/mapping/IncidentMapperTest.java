package org.corridorwatch.incidents.mapping;

import static org.corridorwatch.incidents.IncidentFixtures.date;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;

import org.corridorwatch.incidents.IncidentFixtures;
import org.corridorwatch.incidents.domain.IncidentEntity;
import org.corridorwatch.support.persistence.VersionedRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.type.Date;
import com.google.type.LatLng;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.incidents.v1.CasualtyEstimate;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentStatus;

/**
 * An incident as a client sends it, stored (copyInto) and read back (toProto): what comes back is
 * what was sent, plus the name, times and etag the service adds.
 */
class IncidentMapperTest {

    private static final Instant CREATED = Instant.parse("2024-11-13T08:30:00.123456Z");
    private static final Instant UPDATED = Instant.parse("2024-11-14T17:05:09.654321Z");

    @Test
    void aCompleteIncidentComesBackAsSentWithItsOutputFields() {
        Incident sent = IncidentFixtures.complete();
        IncidentEntity stored = store(sent);

        Incident read = IncidentMapper.toProto(stored);

        assertEquals(sent.toBuilder().setName("incidents/karachi-airport-2024")
                .setCreateTime(VersionedRecord.timestamp(CREATED)).setUpdateTime(VersionedRecord.timestamp(UPDATED))
                .setEtag(stored.etag()).build(), read);
        // What the fixture sets, so that the equality above covers it.
        assertTrue(read.getPlace().hasLocation());
        assertTrue(read.getKilled().hasLow() && read.getKilled().hasHigh());
        assertEquals(2, read.getSourcesCount());
    }

    @ParameterizedTest(name = "{0}-{1}-{2} stands for {3} .. {4}")
    @CsvSource({
            "2021, 0, 0, 2021-01-01, 2021-12-31",
            "2024, 2, 0, 2024-02-01, 2024-02-29",
            "2024, 10, 6, 2024-10-06, 2024-10-06",
    })
    void aPartialOccurredDateKeepsItsPrecisionAndIsStoredAsItsSpan(int year, int month, int day, LocalDate first,
            LocalDate last) {
        Date occurred = date(year, month, day);
        IncidentEntity stored = store(IncidentFixtures.complete().toBuilder().setOccurredDate(occurred).build());

        assertEquals(occurred, IncidentMapper.toProto(stored).getOccurredDate());
        assertEquals(first, stored.occurredDate.firstDay);
        assertEquals(last, stored.occurredDate.lastDay);
    }

    @ParameterizedTest(name = "published {0}-{1}-{2}")
    @CsvSource({ "2024, 0, 0", "2024, 11, 0", "2024, 11, 13" })
    void aSourcesPartialPublishedDateKeepsItsPrecision(int year, int month, int day) {
        Source source = Source.newBuilder().setOutlet("Dawn").setPublishedDate(date(year, month, day)).build();
        Incident read = roundTrip(IncidentFixtures.complete().toBuilder().clearSources().addSources(source).build());
        assertEquals(source, read.getSources(0));
    }

    @Test
    void absentOptionalValuesStayAbsent() {
        Incident sent = IncidentFixtures.complete().toBuilder()
                .setPlace(IncidentFixtures.complete().getPlace().toBuilder().clearLocation().clearDistrict())
                .clearSummary().clearPerpetrators().clearCasualtiesByNationality().clearAffectedDeal()
                .clearSources().addSources(Source.newBuilder().setOutlet("Reuters"))
                .build();

        Incident read = roundTrip(sent);

        assertFalse(read.getPlace().hasLocation(), "no location was given");
        assertFalse(read.getSources(0).hasPublishedDate(), "the source has no published date");
        assertEquals("", read.getPlace().getDistrict());
        assertEquals("", read.getSummary());
        assertEquals("", read.getAffectedDeal());
        assertEquals(0, read.getPerpetratorsCount());
        assertEquals(0, read.getCasualtiesByNationalityCount());
    }

    @Test
    void aLocationOnTheEquatorAtTheMeridianIsKeptNotTakenForAbsent() {
        LatLng zero = LatLng.newBuilder().setLatitude(0).setLongitude(0).build();
        Incident read = roundTrip(IncidentFixtures.complete().toBuilder()
                .setPlace(IncidentFixtures.complete().getPlace().toBuilder().setLocation(zero)).build());
        assertTrue(read.getPlace().hasLocation());
        assertEquals(zero, read.getPlace().getLocation());
    }

    @Test
    void anEstimateWithoutLowOrHighComesBackWithBothEqualToBest() {
        // The contract: "When unset it equals best".
        Incident read = roundTrip(IncidentFixtures.complete().toBuilder()
                .setKilled(CasualtyEstimate.newBuilder().setBest(13)).clearCasualtiesByNationality().build());
        assertEquals(CasualtyEstimate.newBuilder().setLow(13).setBest(13).setHigh(13).build(), read.getKilled());
    }

    @Test
    void anUnspecifiedStatusIsStoredAsReported() {
        Incident read = roundTrip(IncidentFixtures.complete().toBuilder()
                .setStatus(IncidentStatus.INCIDENT_STATUS_UNSPECIFIED).build());
        assertEquals(IncidentStatus.INCIDENT_STATUS_REPORTED, read.getStatus());
    }

    @Test
    void textsLoseOnlyTheirSurroundingWhitespace() {
        Incident sent = IncidentFixtures.complete();
        Incident padded = sent.toBuilder().setTitle("  " + sent.getTitle() + "\n")
                .setSummary("\t" + sent.getSummary() + " ")
                .setPlace(sent.getPlace().toBuilder().setName(" " + sent.getPlace().getName() + " "))
                .setPerpetrators(0, sent.getPerpetrators(0).toBuilder().setActor(" Balochistan Liberation Army "))
                .setSources(0, sent.getSources(0).toBuilder().setOutlet(" Dawn ").setExcerpt(
                        " " + sent.getSources(0).getExcerpt() + " "))
                .build();

        Incident read = roundTrip(padded);

        assertEquals(sent.getTitle(), read.getTitle());
        assertEquals(sent.getSummary(), read.getSummary());
        assertEquals(sent.getPlace().getName(), read.getPlace().getName());
        assertEquals("Balochistan Liberation Army", read.getPerpetrators(0).getActor());
        assertEquals(sent.getSources(0), read.getSources(0));
    }

    @Test
    void storingAgainReplacesTheListsInsteadOfAppending() {
        IncidentEntity stored = store(IncidentFixtures.complete());
        Incident changed = IncidentFixtures.besham();

        IncidentMapper.copyInto(changed, stored);

        Incident read = IncidentMapper.toProto(stored);
        assertEquals(changed.getCasualtiesByNationalityList(), read.getCasualtiesByNationalityList());
        assertEquals(changed.getPerpetratorsList(), read.getPerpetratorsList());
        assertEquals(changed.getSourcesList(), read.getSourcesList());
    }

    /** The entity as the service stores it: the client's fields, then the id, times and version it sets. */
    private static IncidentEntity store(Incident incident) {
        IncidentEntity e = new IncidentEntity();
        IncidentMapper.copyInto(incident, e);
        e.id = "karachi-airport-2024";
        e.createTime = CREATED;
        e.updateTime = UPDATED;
        e.version = 2;
        return e;
    }

    private static Incident roundTrip(Incident incident) {
        return IncidentMapper.toProto(store(incident));
    }
}
