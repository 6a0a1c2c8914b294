package org.corridorwatch.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;
import com.google.type.Date;

import org.corridorwatch.api.common.v1.ChangeKind;
import org.corridorwatch.api.common.v1.RevisionInfo;
import org.corridorwatch.api.diplomacy.v1.GetPositionTimelineRequest;
import org.corridorwatch.api.diplomacy.v1.GetStatementRequest;
import org.corridorwatch.api.diplomacy.v1.ListStatementRevisionsRequest;
import org.corridorwatch.api.diplomacy.v1.PositionTimelineEntry;
import org.corridorwatch.api.diplomacy.v1.Stance;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementRevision;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import org.corridorwatch.api.diplomacy.v1.UpdateStatementRequest;
import org.corridorwatch.api.incidents.v1.IncidentRevision;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.api.incidents.v1.ListIncidentRevisionsRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealFilter;
import org.corridorwatch.api.investments.v1.DealGrouping;
import org.corridorwatch.api.investments.v1.DealRevision;
import org.corridorwatch.api.investments.v1.DealServiceGrpc;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.DealStatusTransition;
import org.corridorwatch.api.investments.v1.GetDealRequest;
import org.corridorwatch.api.investments.v1.ListDealRevisionsRequest;
import org.corridorwatch.api.investments.v1.ListDealStatusHistoryRequest;
import org.corridorwatch.api.investments.v1.SummarizeDealsRequest;
import org.corridorwatch.stack.SeedLoader;
import org.corridorwatch.support.auth.Roles;

/**
 * The seed's corrections (issue 14) reach a database loaded before them as revisions with their
 * reasons, a second load writes nothing, and the split joint-security topics show no reversal.
 * The local stack loads the seed as it was before the corrections, then the current one
 * (SystemUnderTest); against a system run elsewhere the history tests are skipped, since what
 * it held before is unknown.
 */
class SeedCorrectionsTest {

    private static SystemUnderTest system;
    private static DealServiceBlockingStub deals;
    private static StatementServiceBlockingStub statements;

    /** The corrected statements and the fields each correction changed. */
    private static final Map<String, List<String>> CORRECTED = new LinkedHashMap<>();

    static {
        for (String id : List.of("tarar-2025-09-no-chinese-forces-on-the-ground",
                "tarar-2025-09-rules-out-joint-security-force", "pk-interior-2024-11-joint-strategy",
                "ispr-2024-11-declined-to-comment", "pk-interior-2024-11-did-not-respond",
                "pk-planning-2024-11-did-not-respond", "pk-official-2024-11-china-wants-own-security",
                "pk-officials-2024-11-joint-security-management-consensus",
                "pk-official-2024-11-agencies-averse-to-proposal", "beijing-2024-written-proposal-joint-strikes")) {
            CORRECTED.put("statements/" + id, List.of("topics"));
        }
        CORRECTED.put("statements/prc-mfa-2024-11-not-familiar-with-joint-security-talks",
                List.of("speaker_role", "topics"));
        CORRECTED.put("statements/prc-mfa-2024-11-security-of-chinese-personnel", List.of("speaker_role", "topics"));
    }

    @BeforeAll
    static void connect() {
        system = SystemUnderTest.get();
        deals = DealServiceGrpc.newBlockingStub(system.channel(SystemUnderTest.INVESTMENTS, Roles.READER));
        statements = StatementServiceGrpc.newBlockingStub(system.channel(SystemUnderTest.DIPLOMACY, Roles.READER));
    }

    @Test
    void theCorrectedSeedArrivedAsUpdatesOverTheOldOne() {
        assumeTrue(system.startedHere(), "only the local stack is known to have held the old seed");
        Map<String, Integer> updated = new LinkedHashMap<>();
        system.seedLoad().forEach(r -> updated.put(r.section(), r.updated()));
        // CPEC (content and status), and the twelve statements; no incident changed.
        assertEquals(Map.of("deals", 1, "incidents", 0, "statements", 12), updated);
    }

    @Test
    void eachCorrectedStatementHasAnUpdatedRevisionWithItsReasonAndExactlyItsFields() {
        assumeTrue(system.startedHere(), "only the local stack is known to have held the old seed");
        for (Map.Entry<String, List<String>> entry : CORRECTED.entrySet()) {
            List<StatementRevision> revisions = statementRevisions(entry.getKey());
            assertEquals(2, revisions.size(), entry.getKey() + ": created, then corrected once");
            RevisionInfo correction = revisions.get(0).getRevision();
            RevisionInfo creation = revisions.get(1).getRevision();
            assertEquals(ChangeKind.CHANGE_KIND_UPDATED, correction.getChangeKind(), entry.getKey());
            assertEquals(entry.getValue(), correction.getChangedFields().getPathsList(), entry.getKey());
            assertTrue(correction.getReason().startsWith("seed correction: "), correction.getReason());
            assertEquals(ChangeKind.CHANGE_KIND_CREATED, creation.getChangeKind());
            assertEquals(SeedLoader.FIRST_LOAD_REASON, creation.getReason());
            // The revision holds the statement as it now stands.
            assertEquals(statements.getStatement(GetStatementRequest.newBuilder().setName(entry.getKey()).build())
                    .getTopicsList(), revisions.get(0).getStatement().getTopicsList());
        }
        RevisionInfo joint = statementRevisions("statements/prc-mfa-2024-11-security-of-chinese-personnel").get(0)
                .getRevision();
        assertTrue(joint.getReason().contains("\"joint efforts\" remark is not support for joint security"),
                joint.getReason());
        assertTrue(joint.getReason().contains("Foreign ministry spokesperson"), joint.getReason());
    }

    @Test
    void cpecLostItsUnsupportedDateAndWasPutOnHoldThroughTheLoader() {
        Deal cpec = deals.getDeal(GetDealRequest.newBuilder().setName("deals/cpec").build());
        assertFalse(cpec.hasAnnouncedDate(), cpec.toString());
        assertEquals(DealStatus.DEAL_STATUS_ON_HOLD, cpec.getStatus());
        List<DealStatusTransition> history = deals.listDealStatusHistory(ListDealStatusHistoryRequest.newBuilder()
                .setName(cpec.getName()).build()).getTransitionsList();
        DealStatusTransition hold = history.get(history.size() - 1);
        assertEquals(DealStatus.DEAL_STATUS_ON_HOLD, hold.getToStatus());
        assertTrue(hold.getNote().contains("widely believed to have been put on hold"), hold.getNote());
        assertEquals(Date.newBuilder().setYear(2025).setMonth(9).build(), hold.getEffectiveDate());
        // Not a 2025 deal any more: a summary of 2025 leaves it out, the unfiltered one counts it.
        DealFilter cpecIn2025 = DealFilter.newBuilder().setQuery("Corridor CPEC")
                .setAnnouncedAfter(Date.newBuilder().setYear(2025)).setAnnouncedBefore(Date.newBuilder().setYear(2025))
                .build();
        assertEquals(0, deals.summarizeDeals(SummarizeDealsRequest.newBuilder().setFilter(cpecIn2025)
                .setGroupBy(DealGrouping.DEAL_GROUPING_STATUS).build()).getTotal().getDealCount());
        assertEquals(1, deals.summarizeDeals(SummarizeDealsRequest.newBuilder().setFilter(DealFilter.newBuilder()
                .setQuery("Corridor CPEC")).setGroupBy(DealGrouping.DEAL_GROUPING_STATUS).build()).getTotal()
                .getDealCount());

        assumeTrue(system.startedHere(), "only the local stack is known to have held the old seed");
        List<DealRevision> revisions = dealRevisions("deals/cpec");
        assertEquals(3, revisions.size(), "created, corrected, put on hold");
        RevisionInfo onHold = revisions.get(0).getRevision();
        RevisionInfo corrected = revisions.get(1).getRevision();
        assertEquals(ChangeKind.CHANGE_KIND_UPDATED, corrected.getChangeKind());
        assertEquals(List.of("summary", "announced_date"), corrected.getChangedFields().getPathsList());
        assertTrue(corrected.getReason().contains("the articles give no launch date for CPEC"), corrected.getReason());
        assertEquals(ChangeKind.CHANGE_KIND_UPDATED, onHold.getChangeKind());
        assertTrue(onHold.getChangedFields().getPathsList().contains("status"), onHold.toString());
        assertTrue(onHold.getReason().startsWith("seed correction: CPEC's status"), onHold.getReason());
        // The old date stays in the history: the first revision has it.
        assertEquals(Date.newBuilder().setYear(2025).setMonth(9).build(), revisions.get(2).getDeal().getAnnouncedDate());
    }

    @Test
    void loadingTheSeedAgainWritesNoRevision() throws IOException {
        List<String> watched = new ArrayList<>(CORRECTED.keySet());
        watched.add("statements/tarar-2025-09-b2b-matchmaking");
        Map<String, Integer> before = new LinkedHashMap<>();
        watched.forEach(name -> before.put(name, statementRevisions(name).size()));
        int cpecBefore = dealRevisions("deals/cpec").size();
        int mineralsBefore = dealRevisions("deals/us-strategic-metals-minerals-mou").size();
        int dasuBefore = incidentRevisions("incidents/dasu-bus-bombing-2021").size();

        List<SeedLoader.Result> again = SeedLoader.load(SystemUnderTest.seedFile(),
                Map.of(SystemUnderTest.INCIDENTS, system.address(SystemUnderTest.INCIDENTS), SystemUnderTest.INVESTMENTS,
                        system.address(SystemUnderTest.INVESTMENTS), SystemUnderTest.DIPLOMACY,
                        system.address(SystemUnderTest.DIPLOMACY)), system.token(Roles.ADMIN));

        for (SeedLoader.Result result : again) {
            assertEquals(0, result.created() + result.updated(), result.toString());
        }
        Map<String, Integer> after = new LinkedHashMap<>();
        watched.forEach(name -> after.put(name, statementRevisions(name).size()));
        assertEquals(before, after);
        assertEquals(cpecBefore, dealRevisions("deals/cpec").size());
        assertEquals(mineralsBefore, dealRevisions("deals/us-strategic-metals-minerals-mou").size());
        assertEquals(dasuBefore, incidentRevisions("incidents/dasu-bus-bombing-2021").size());
        if (system.startedHere()) {
            // Created by the old seed's load and never changed since: the current one left it alone.
            assertEquals(1, dasuBefore);
        }
    }

    @Test
    void aSeedRecordEditedByHandIsSetBackByTheNextLoad() throws IOException {
        String name = "statements/tarar-2025-09-b2b-matchmaking";
        Statement seeded = statements.getStatement(GetStatementRequest.newBuilder().setName(name).build());
        StatementServiceBlockingStub editor = StatementServiceGrpc.newBlockingStub(
                system.channel(SystemUnderTest.DIPLOMACY, Roles.EDITOR));
        editor.updateStatement(UpdateStatementRequest.newBuilder()
                .setStatement(Statement.newBuilder().setName(name).setSummary("Edited by hand."))
                .setUpdateMask(FieldMask.newBuilder().addPaths("summary")).setReason("a hand edit").build());
        int revisionsBefore = statementRevisions(name).size();

        List<SeedLoader.Result> again = SeedLoader.load(SystemUnderTest.seedFile(),
                Map.of(SystemUnderTest.INCIDENTS, system.address(SystemUnderTest.INCIDENTS), SystemUnderTest.INVESTMENTS,
                        system.address(SystemUnderTest.INVESTMENTS), SystemUnderTest.DIPLOMACY,
                        system.address(SystemUnderTest.DIPLOMACY)), system.token(Roles.ADMIN));

        Statement restored = statements.getStatement(GetStatementRequest.newBuilder().setName(name).build());
        assertEquals(seeded.getSummary(), restored.getSummary());
        List<StatementRevision> revisions = statementRevisions(name);
        assertEquals(revisionsBefore + 1, revisions.size());
        assertEquals(List.of("summary"), revisions.get(0).getRevision().getChangedFields().getPathsList());
        assertEquals(1, again.stream().filter(r -> r.section().equals("statements")).findFirst().orElseThrow().updated());
    }

    @Test
    void theSplitTopicsShowNoReversalAndTheMixedOneIsGone() {
        assertEquals(List.of(), timeline("joint-security"));
        for (String topic : List.of("joint-security-force", "joint-security-management")) {
            List<PositionTimelineEntry> entries = timeline(topic);
            assertFalse(entries.isEmpty(), topic);
            for (String country : List.of("PK", "CN")) {
                int side = 0;
                for (PositionTimelineEntry entry : entries) {
                    if (!entry.getStatement().getCountryCode().equals(country)) {
                        continue;
                    }
                    int now = side(entry.getStance());
                    assertFalse(now != 0 && side != 0 && now != side, topic + " reverses for " + country + " at "
                            + entry.getStatement().getName());
                    side = now != 0 ? now : side;
                }
            }
        }
        // Pakistan opposes, then rules out, a joint force; it accepts joint security management.
        assertTrue(timeline("joint-security-force").stream().anyMatch(e -> e.getStatement().getName()
                .equals("statements/tarar-2025-09-rules-out-joint-security-force")
                && e.getStance() == Stance.STANCE_RULES_OUT));
        assertTrue(timeline("joint-security-management").stream().anyMatch(e -> e.getStatement().getName()
                .equals("statements/pk-officials-2024-11-joint-security-management-consensus")
                && e.getStance() == Stance.STANCE_SUPPORTS));
        assertTrue(timeline("joint-security-management").stream().noneMatch(e -> e.getStatement().getName()
                .equals("statements/prc-mfa-2024-11-security-of-chinese-personnel")), "\"joint efforts\" is no stance");
    }

    private static int side(Stance stance) {
        return switch (stance) {
            case STANCE_SUPPORTS -> 1;
            case STANCE_OPPOSES, STANCE_RULES_OUT -> -1;
            default -> 0;
        };
    }

    private static List<PositionTimelineEntry> timeline(String topic) {
        return statements.getPositionTimeline(GetPositionTimelineRequest.newBuilder().setTopic(topic)
                .setPageSize(1000).build()).getEntriesList();
    }

    private static List<StatementRevision> statementRevisions(String name) {
        return statements.listStatementRevisions(ListStatementRevisionsRequest.newBuilder().setName(name)
                .setPageSize(1000).build()).getRevisionsList();
    }

    private static List<IncidentRevision> incidentRevisions(String name) {
        return IncidentServiceGrpc.newBlockingStub(system.channel(SystemUnderTest.INCIDENTS, Roles.READER))
                .listIncidentRevisions(ListIncidentRevisionsRequest.newBuilder().setName(name).setPageSize(1000)
                        .build()).getRevisionsList();
    }

    private static List<DealRevision> dealRevisions(String name) {
        return deals.listDealRevisions(ListDealRevisionsRequest.newBuilder().setName(name).setPageSize(1000).build())
                .getRevisionsList();
    }
}
