package org.corridorwatch.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;

import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.Stance;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.TopicStance;
import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.stack.SeedLoader.SeedRecord;

/**
 * The seed file and its corrections, read as the loader reads them, without any service: the
 * corrected file differs from the one before the corrections in exactly the corrected fields,
 * each difference explained by a correction with a reason and a source, and no position timeline
 * of the corrected file shows a reversal.
 */
class SeedFileTest {

    /** Maven runs the tests in the module's folder. */
    private static final Path SEED = Path.of("../seed/corridorwatch-seed.json");
    private static final Path BEFORE = Path.of(
            "../integration-tests/src/test/resources/corridorwatch-seed-before-corrections.json");

    @Test
    void theCorrectedFileChangesExactlyTheCorrectedFieldsEachWithItsReason() throws IOException {
        Map<String, SeedRecord> before = records(BEFORE);
        Map<String, SeedRecord> after = records(SEED);
        assertEquals(before.keySet(), after.keySet(), "the corrections add and remove no record");

        Map<String, List<String>> changed = new TreeMap<>();
        for (Map.Entry<String, SeedRecord> entry : after.entrySet()) {
            SeedRecord now = entry.getValue();
            FieldMask mask = SeedDiff.between(resource(before.get(entry.getKey())), resource(now));
            if (mask.getPathsCount() > 0) {
                changed.put(entry.getKey(), mask.getPathsList());
                String reason = SeedLoader.reason(now, mask);
                assertNotEquals(SeedLoader.UNEXPLAINED_UPDATE_REASON, reason, entry.getKey());
                for (String path : mask.getPathsList()) {
                    assertTrue(now.corrections().stream().anyMatch(c -> c.fields().contains(path)),
                            entry.getKey() + ": no correction explains " + path);
                }
            }
            now.corrections().forEach(c -> {
                assertFalse(c.source().getOutlet().isBlank(), entry.getKey());
                assertFalse(c.source().getExcerpt().isBlank(), entry.getKey());
            });
        }
        Map<String, List<String>> expected = new TreeMap<>();
        expected.put("deals/cpec", List.of("summary", "announced_date"));
        for (String topicsOnly : List.of("tarar-2025-09-no-chinese-forces-on-the-ground",
                "tarar-2025-09-rules-out-joint-security-force", "pk-interior-2024-11-joint-strategy",
                "ispr-2024-11-declined-to-comment", "pk-interior-2024-11-did-not-respond",
                "pk-planning-2024-11-did-not-respond", "pk-official-2024-11-china-wants-own-security",
                "pk-officials-2024-11-joint-security-management-consensus",
                "pk-official-2024-11-agencies-averse-to-proposal", "beijing-2024-written-proposal-joint-strikes")) {
            expected.put("statements/" + topicsOnly, List.of("topics"));
        }
        expected.put("statements/prc-mfa-2024-11-not-familiar-with-joint-security-talks",
                List.of("speaker_role", "topics"));
        expected.put("statements/prc-mfa-2024-11-security-of-chinese-personnel", List.of("speaker_role", "topics"));
        assertEquals(expected, changed);
    }

    @Test
    void cpecHasNoAnnouncedDateAndIsPutOnHoldWithTheArticlesWords() throws IOException {
        SeedRecord cpec = records(SEED).get("deals/cpec");
        CreateDealRequest create = (CreateDealRequest) cpec.create();
        assertFalse(create.getDeal().hasAnnouncedDate());
        assertFalse(create.hasStatusDate(), "no date the articles do not give");
        assertEquals(1, cpec.transitions().size());
        var hold = cpec.transitions().get(0);
        assertEquals(DealStatus.DEAL_STATUS_ON_HOLD, hold.getToStatus());
        assertTrue(hold.getNote().contains("widely believed to have been put on hold"), hold.getNote());
        assertEquals(hold.getNote(), hold.getSource().getExcerpt());
    }

    @Test
    void oneNameForTheChineseForeignMinistrysSpokespersonAndNoMixedJointSecurityTopic() throws IOException {
        Set<String> roles = new HashSet<>();
        for (SeedRecord record : records(SEED).values()) {
            if (record.create() instanceof CreateStatementRequest create) {
                Statement statement = create.getStatement();
                if (statement.getOrganization().equals("Ministry of Foreign Affairs of the People's Republic of China")) {
                    roles.add(statement.getSpeakerRole());
                }
                assertTrue(statement.getTopicsList().stream().noneMatch(t -> t.getTopic().equals("joint-security")),
                        record.id());
            }
        }
        assertEquals(Set.of("Foreign ministry spokesperson"), roles);
    }

    /**
     * Per topic and country, oldest first (the timeline's order), the stances that take a side
     * never switch between support and opposition: the articles report no change of position.
     */
    @Test
    void noPositionTimelineOfTheCorrectedFileShowsAReversal() throws IOException {
        Map<String, List<Statement>> byTopicAndCountry = new TreeMap<>();
        for (SeedRecord record : records(SEED).values()) {
            if (record.create() instanceof CreateStatementRequest create) {
                for (TopicStance topic : create.getStatement().getTopicsList()) {
                    byTopicAndCountry.computeIfAbsent(topic.getTopic() + " " + create.getStatement().getCountryCode(),
                            k -> new ArrayList<>()).add(create.getStatement());
                }
            }
        }
        for (Map.Entry<String, List<Statement>> entry : byTopicAndCountry.entrySet()) {
            String topic = entry.getKey().substring(0, entry.getKey().indexOf(' '));
            List<Statement> timeline = entry.getValue();
            timeline.sort((a, b) -> Integer.compare(key(a), key(b)));
            assertFalse(reverses(timeline, topic), entry.getKey() + " reverses");
        }
        // The old mixed topic did: Pakistan supports joint security management, then rules out a joint force.
        Map<String, List<Statement>> old = new TreeMap<>();
        for (SeedRecord record : records(BEFORE).values()) {
            if (record.create() instanceof CreateStatementRequest create && create.getStatement().getCountryCode()
                    .equals("PK") && create.getStatement().getTopicsList().stream()
                            .anyMatch(t -> t.getTopic().equals("joint-security"))) {
                old.computeIfAbsent("PK", k -> new ArrayList<>()).add(create.getStatement());
            }
        }
        old.get("PK").sort((a, b) -> Integer.compare(key(a), key(b)));
        assertTrue(reverses(old.get("PK"), "joint-security"), "the test sees the reversal it guards against");
    }

    @Test
    void theReasonIsThatOfTheCorrectionsOfTheChangedFields() {
        SeedRecord record = new SeedRecord("statements[0]", CreateStatementRequest.getDefaultInstance(), "s", List.of(
                new SeedLoader.Correction(Set.of("topics"), "Topics split.", null),
                new SeedLoader.Correction(Set.of("speaker_role"), "One role name.", null)), List.of());
        assertEquals("Topics split.", SeedLoader.reason(record, FieldMask.newBuilder().addPaths("topics").build()));
        assertEquals("Topics split. One role name.", SeedLoader.reason(record,
                FieldMask.newBuilder().addPaths("speaker_role").addPaths("topics").build()));
        assertEquals(SeedLoader.UNEXPLAINED_UPDATE_REASON, SeedLoader.reason(record,
                FieldMask.newBuilder().addPaths("summary").build()));
        SeedRecord wordy = new SeedRecord("statements[0]", CreateStatementRequest.getDefaultInstance(), "s",
                List.of(new SeedLoader.Correction(Set.of(), "x".repeat(501), null)), List.of());
        assertThrows(IllegalStateException.class, () -> SeedLoader.reason(wordy,
                FieldMask.newBuilder().addPaths("summary").build()));
    }

    @Test
    void requestIdsAreNameBasedOnTheRecordAndWhatIsWritten() {
        byte[] content = {1, 2, 3};
        assertEquals(SeedLoader.requestId("deals", "cpec", "create", content),
                SeedLoader.requestId("deals", "cpec", "create", content.clone()));
        assertEquals(3, SeedLoader.requestId("deals", "cpec", "create", content).version());
        assertNotEquals(SeedLoader.requestId("deals", "cpec", "create", content),
                SeedLoader.requestId("deals", "ml-1", "create", content));
        assertNotEquals(SeedLoader.requestId("deals", "cpec", "create", content),
                SeedLoader.requestId("deals", "cpec", "transition 0", content));
        assertNotEquals(SeedLoader.requestId("deals", "cpec", "create", content),
                SeedLoader.requestId("deals", "cpec", "create", new byte[] {1, 2, 4}));
    }

    @Test
    void aCorrectionNeedsAReasonAndASource() {
        JsonObject record = JsonParser.parseString("{\"statement_id\": \"s\", \"statement\": {},"
                + " \"corrections\": [{\"fields\": [\"topics\"], \"reason\": \"Split.\"}]}").getAsJsonObject();
        assertThrows(IllegalArgumentException.class, () -> SeedLoader.parse("statements", record, "statements[0]"));
        JsonObject withoutId = JsonParser.parseString("{\"statement\": {}}").getAsJsonObject();
        assertThrows(IllegalArgumentException.class, () -> SeedLoader.parse("statements", withoutId, "statements[0]"));
    }

    private static boolean reverses(List<Statement> timeline, String topic) {
        int side = 0;
        for (Statement statement : timeline) {
            Stance stance = statement.getTopicsList().stream().filter(t -> t.getTopic().equals(topic)).findFirst()
                    .orElseThrow().getStance();
            int now = stance == Stance.STANCE_SUPPORTS ? 1
                    : stance == Stance.STANCE_OPPOSES || stance == Stance.STANCE_RULES_OUT ? -1 : 0;
            if (now != 0 && side != 0 && now != side) {
                return true;
            }
            side = now != 0 ? now : side;
        }
        return false;
    }

    /** A statement's date as a sortable number, a partial date by its first day. */
    private static int key(Statement s) {
        return s.getStatementDate().getYear() * 10000 + Math.max(1, s.getStatementDate().getMonth()) * 100
                + Math.max(1, s.getStatementDate().getDay());
    }

    private static Message resource(SeedRecord record) {
        Message create = record.create();
        return (Message) create.getField(create.getDescriptorForType().getFields().get(0));
    }

    /** The file's records by resource name. */
    private static Map<String, SeedRecord> records(Path file) throws IOException {
        JsonObject dataset;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            dataset = JsonParser.parseReader(reader).getAsJsonObject();
        }
        Map<String, SeedRecord> records = new LinkedHashMap<>();
        for (String section : List.of("deals", "incidents", "statements")) {
            JsonArray array = dataset.getAsJsonArray(section);
            for (int i = 0; i < array.size(); i++) {
                SeedRecord record = SeedLoader.parse(section, array.get(i), section + "[" + i + "]");
                records.put(section + "/" + record.id(), record);
            }
        }
        return records;
    }
}
