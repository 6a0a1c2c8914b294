package org.corridorwatch.diplomacy;

import static org.corridorwatch.diplomacy.DiplomacyTestSupport.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import org.corridorwatch.api.diplomacy.v1.GetPositionTimelineRequest;
import org.corridorwatch.api.diplomacy.v1.GetPositionTimelineResponse;
import org.corridorwatch.api.diplomacy.v1.PositionTimelineEntry;
import org.corridorwatch.api.diplomacy.v1.Stance;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import org.corridorwatch.api.diplomacy.v1.TopicStance;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PositionTimelineTest {

    @GrpcClient("diplomacy")
    StatementServiceBlockingStub statements;

    /**
     * Records the statement with its topics renamed "{topic}-{suffix}": timelines select by topic
     * alone, so a test's own topics keep other tests' statements out of its timelines.
     */
    private Statement create(Statement statement, String suffix) {
        Statement.Builder own = statement.toBuilder().clearTopics();
        for (TopicStance t : statement.getTopicsList()) {
            own.addTopics(t.toBuilder().setTopic(t.getTopic() + "-" + suffix));
        }
        return DiplomacyTestSupport.create(statements, own.build(), StatementFixtures.marker());
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private List<PositionTimelineEntry> timeline(String topic, UnaryOperator<GetPositionTimelineRequest.Builder> r) {
        GetPositionTimelineResponse response = statements.getPositionTimeline(
                r.apply(GetPositionTimelineRequest.newBuilder().setTopic(topic)).build());
        assertEquals("", response.getNextPageToken());
        return response.getEntriesList();
    }

    private static PositionTimelineEntry entry(Stance stance, Statement statement) {
        return PositionTimelineEntry.newBuilder().setStance(stance).setStatement(statement).build();
    }

    @Test
    void chinaPushesForItsOwnSecurityStaffWhilePakistanRulesOutBootsOnTheGround() {
        String suffix = suffix();
        // Recorded newest first: the timeline must sort them.
        Statement tarar = create(StatementFixtures.tararOnGround(), suffix);
        Statement officials = create(StatementFixtures.pakistanJointManagement(), suffix);
        Statement proposal = create(StatementFixtures.beijingProposal(), suffix);
        create(StatementFixtures.tararMl1(), suffix); // another topic: not on this timeline

        String personnel = "chinese-security-personnel-" + suffix;
        assertEquals(List.of(entry(Stance.STANCE_SUPPORTS, proposal), entry(Stance.STANCE_OPPOSES, officials),
                entry(Stance.STANCE_RULES_OUT, tarar)), timeline(personnel, r -> r));
        assertEquals(List.of(entry(Stance.STANCE_OPPOSES, officials), entry(Stance.STANCE_RULES_OUT, tarar)),
                timeline(personnel, r -> r.setCountryCode("PK")));
        assertEquals(List.of(entry(Stance.STANCE_SUPPORTS, proposal)),
                timeline(personnel, r -> r.setOrganization("government of the people's republic of china")));
        // Pakistan accepts joint management all the same.
        assertEquals(List.of(entry(Stance.STANCE_SUPPORTS, proposal), entry(Stance.STANCE_SUPPORTS, officials),
                entry(Stance.STANCE_RULES_OUT, tarar)), timeline("joint-security-" + suffix, r -> r));
        assertEquals(List.of(), timeline("joint-security-" + suffix, r -> r.setCountryCode("US")));
    }

    @Test
    void oneEntryPerStatementInDateOrderThenByNameAcrossPages() {
        String suffix = suffix();
        List<PositionTimelineEntry> expected = new ArrayList<>();
        Statement tarar = create(StatementFixtures.tararOnGround(), suffix);
        expected.add(entry(Stance.STANCE_SUPPORTS, create(StatementFixtures.beijingProposal(), suffix)));
        // Four statements of November 2024: same date, so ordered by name.
        List<PositionTimelineEntry> november = new ArrayList<>(List.of(
                entry(Stance.STANCE_AMBIGUOUS, create(StatementFixtures.chinaToReuters(), suffix)),
                entry(Stance.STANCE_SUPPORTS, create(StatementFixtures.pakistanJointManagement(), suffix)),
                entry(Stance.STANCE_SUPPORTS, create(StatementFixtures.interiorJointStrategy(), suffix)),
                entry(Stance.STANCE_NEUTRAL, create(StatementFixtures.isprDeclined(), suffix))));
        november.sort((a, b) -> a.getStatement().getName().compareTo(b.getStatement().getName()));
        expected.addAll(november);
        expected.add(entry(Stance.STANCE_RULES_OUT, tarar));

        List<PositionTimelineEntry> paged = new ArrayList<>();
        GetPositionTimelineRequest request = GetPositionTimelineRequest.newBuilder()
                .setTopic("joint-security-" + suffix).setPageSize(2).build();
        int pages = 0;
        while (true) {
            GetPositionTimelineResponse page = statements.getPositionTimeline(request);
            paged.addAll(page.getEntriesList());
            pages++;
            if (page.getNextPageToken().isEmpty()) {
                break;
            }
            request = request.toBuilder().setPageToken(page.getNextPageToken()).build();
        }
        assertEquals(expected, paged);
        assertEquals(3, pages);
    }

    @Test
    void refusesAMissingTopicBadFiltersAndForeignTokens() {
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> statements.getPositionTimeline(
                GetPositionTimelineRequest.newBuilder().setCountryCode("XX").setPageSize(-1).build()));
        assertEquals(Set.of("topic", "country_code", "page_size"), GrpcErrors.violatedFields(e));

        String suffix = suffix();
        create(StatementFixtures.tararOnGround(), suffix);
        create(StatementFixtures.beijingProposal(), suffix);
        String token = statements.getPositionTimeline(GetPositionTimelineRequest.newBuilder()
                .setTopic("joint-security-" + suffix).setPageSize(1).build()).getNextPageToken();
        e = assertFails(Status.Code.INVALID_ARGUMENT, () -> statements.getPositionTimeline(
                GetPositionTimelineRequest.newBuilder().setTopic("chinese-security-personnel-" + suffix)
                        .setPageToken(token).build()));
        assertEquals(Set.of("page_token"), GrpcErrors.violatedFields(e));
    }
}
