package org.corridorwatch.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Timestamp;
import com.google.type.Date;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.diplomacy.v1.Stance;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.TopicStance;
import org.corridorwatch.api.incidents.v1.CasualtyEstimate;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentStatus;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.Programme;

/** The diff between a stored record and the seed's version: exactly the differing, updatable fields. */
class SeedDiffTest {

    private static final Date SEPTEMBER_2025 = Date.newBuilder().setYear(2025).setMonth(9).build();

    private static Deal.Builder cpec() {
        return Deal.newBuilder().setTitle("CPEC").setSummary("The corridor.").setProgramme(Programme.PROGRAMME_CPEC)
                .addCounterpartCountries("CN").setAnnouncedDate(SEPTEMBER_2025)
                .setStatus(DealStatus.DEAL_STATUS_UNDER_IMPLEMENTATION)
                .addSources(Source.newBuilder().setOutlet("Arab News").setPublishedDate(SEPTEMBER_2025));
    }

    /** As a service returns it: name, etag, times and status date set. */
    private static Deal stored(Deal.Builder deal) {
        return deal.setName("deals/cpec").setEtag("\"7\"").setStatusDate(SEPTEMBER_2025)
                .setCreateTime(Timestamp.newBuilder().setSeconds(1)).setUpdateTime(Timestamp.newBuilder().setSeconds(2))
                .build();
    }

    @Test
    void anEqualRecordChangesNothingWhateverItsMetadata() {
        assertEquals(List.of(), SeedDiff.between(stored(cpec()), cpec().build()).getPathsList());
        assertTrue(SeedDiff.same(stored(cpec()), cpec().setName("deals/other").setEtag("x").build()));
    }

    @Test
    void namesExactlyTheFieldsThatDifferInFieldNumberOrder() {
        Deal seed = cpec().clearAnnouncedDate().setSummary("The corridor, undated.").build();

        assertEquals(List.of("summary", "announced_date"), SeedDiff.between(stored(cpec()), seed).getPathsList());
    }

    @Test
    void anUnsetMessageDiffersFromAnyValueButAnUnsetScalarEqualsItsDefault() {
        assertEquals(List.of("announced_date"), SeedDiff.between(stored(cpec()),
                cpec().setAnnouncedDate(Date.newBuilder().setYear(2013)).build()).getPathsList());
        assertEquals(List.of("announced_date"), SeedDiff.between(stored(cpec()),
                cpec().setAnnouncedDate(Date.getDefaultInstance()).build()).getPathsList(),
                "the empty Date is no date: as unset");
        assertEquals(List.of("location"), SeedDiff.between(stored(cpec().setLocation("Gwadar")), cpec().build())
                .getPathsList());
        assertEquals(List.of(), SeedDiff.between(stored(cpec().setSummary("")), cpec().clearSummary().build())
                .getPathsList());
    }

    @Test
    void whatTheServiceStoresForAValueTheFileLeavesOutIsNoDifference() {
        // An incident's injured estimate comes back empty, its status as REPORTED, when neither was given.
        Incident stored = Incident.newBuilder().setName("incidents/dasu").setTitle("Bus bombing in Dasu")
                .setKilled(CasualtyEstimate.newBuilder().setBest(13)).setInjured(CasualtyEstimate.getDefaultInstance())
                .setStatus(IncidentStatus.INCIDENT_STATUS_REPORTED).build();
        Incident seed = Incident.newBuilder().setTitle("Bus bombing in Dasu")
                .setKilled(CasualtyEstimate.newBuilder().setBest(13)).build();
        assertEquals(List.of(), SeedDiff.between(stored, seed).getPathsList());

        // A value given is compared: a status named, an estimate with a figure, one taken away.
        assertEquals(List.of("injured", "status"), SeedDiff.between(stored, seed.toBuilder()
                .setInjured(CasualtyEstimate.newBuilder().setBest(2)).setStatus(IncidentStatus.INCIDENT_STATUS_CONFIRMED)
                .build()).getPathsList());
        assertEquals(List.of("killed"), SeedDiff.between(stored, seed.toBuilder().clearKilled().build())
                .getPathsList());
    }

    @Test
    void repeatedFieldsCompareInOrderAndNestedMessagesWhole() {
        Deal.Builder two = cpec().addCounterpartCountries("US");
        Deal reordered = cpec().clearCounterpartCountries().addCounterpartCountries("US").addCounterpartCountries("CN")
                .build();
        assertEquals(List.of("counterpart_countries"), SeedDiff.between(stored(two), reordered).getPathsList());
        Deal otherExcerpt = cpec().setSources(0, cpec().getSources(0).toBuilder().setExcerpt("much ... on hold"))
                .build();
        assertEquals(List.of("sources"), SeedDiff.between(stored(cpec()), otherExcerpt).getPathsList());
    }

    @Test
    void theStatusIsLeftToTheTransitionsAndOutputOnlyFieldsAreNeverCompared() {
        Deal onHold = cpec().setStatus(DealStatus.DEAL_STATUS_ON_HOLD).setStatusDate(Date.newBuilder().setYear(1999))
                .build();
        assertEquals(List.of(), SeedDiff.between(stored(cpec()), onHold).getPathsList());
        List<String> compared = SeedDiff.comparedFields(Deal.getDescriptor()).stream().map(FieldDescriptor::getName)
                .toList();
        assertEquals(List.of("title", "summary", "kind", "parties", "counterpart_countries", "sectors", "commodities",
                "programme", "location", "amounts", "announced_date", "signed_date", "sources"), compared);
    }

    @Test
    void aStatementsTopicsAndSpeakerRole() {
        Statement before = Statement.newBuilder().setName("statements/s").setEtag("e")
                .setSpeakerRole("Foreign ministry spokesman")
                .addTopics(TopicStance.newBuilder().setTopic("cpec-security").setStance(Stance.STANCE_SUPPORTS))
                .addTopics(TopicStance.newBuilder().setTopic("joint-security").setStance(Stance.STANCE_SUPPORTS))
                .build();
        Statement after = before.toBuilder().clearName().clearEtag().setSpeakerRole("Foreign ministry spokesperson")
                .removeTopics(1).build();

        assertEquals(List.of("speaker_role", "topics"), SeedDiff.between(before, after).getPathsList());
        assertTrue(SeedDiff.comparedFields(Statement.getDescriptor()).stream().noneMatch(f -> f.getName().equals("name")
                || f.getName().equals("etag") || f.getName().endsWith("_time")));
    }

    @Test
    void refusesToCompareTwoKindsOfRecord() {
        assertThrows(IllegalArgumentException.class, () -> SeedDiff.between(stored(cpec()),
                Statement.getDefaultInstance()));
    }
}
