package org.corridorwatch.diplomacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;

import org.corridorwatch.support.errors.RequestTooLargeAnswer;
import org.corridorwatch.testing.GrpcErrors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.google.rpc.ErrorInfo;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.Stance;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementKind;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import org.corridorwatch.api.diplomacy.v1.StatementSetting;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The largest statement the validators accept fits the server's message size limit with room to
 * spare and is stored whole; a request over the limit is refused with an answer that names it.
 */
@QuarkusTest
class MessageSizeLimitTest {

    @GrpcClient("diplomacy")
    StatementServiceBlockingStub statements;

    private static int limit() {
        return ConfigProvider.getConfig().getValue("quarkus.grpc.server.max-inbound-message-size", Integer.class);
    }

    /** {@code length} characters as the validators count them, at 3 UTF-8 bytes each (the most a UTF-16 unit takes). */
    private static String widest(int length) {
        return "中".repeat(length);
    }

    /** A 63-character id, the longest a resource name may carry. */
    private static String longestId(int i) {
        return (i + "-" + UUID.randomUUID() + "-".repeat(63)).substring(0, 62) + "x";
    }

    static CreateStatementRequest largestValidCreate() {
        Statement.Builder statement = Statement.newBuilder().setSpeaker(widest(200)).setSpeakerRole(widest(200))
                .setOrganization(widest(200)).setCountryCode("PK").setStatementDate(StatementFixtures.date(2025, 9, 1))
                .setSetting(StatementSetting.STATEMENT_SETTING_INTERVIEW).setSettingDetail(widest(300))
                .setKind(StatementKind.STATEMENT_KIND_DIRECT_QUOTE).setText(widest(10_000))
                .setLanguageCode("zh-Hans-CN-abcdefgh-abcdefgh-abcdef").setSummary(widest(2_000));
        for (int i = 0; i < 20; i++) {
            statement.addTopics(StatementFixtures.topic(longestId(i), Stance.STANCE_SUPPORTS));
        }
        for (int i = 0; i < 50; i++) {
            statement.addIncidents(ReferencedServices.INCIDENTS.add("incidents/" + longestId(i)));
            statement.addDeals(ReferencedServices.DEALS.add("deals/" + longestId(i)));
            String site = "https://example.org/";
            statement.addSources(Source.newBuilder().setOutlet(widest(200)).setUrl(site + widest(2048 - site.length()))
                    .setTitle(widest(500)).setPublishedDate(StatementFixtures.date(2025, 9, 1))
                    .setExcerpt(widest(5_000)));
        }
        return CreateStatementRequest.newBuilder().setStatementId(longestId(99)).setRequestId(UUID.randomUUID()
                .toString()).setStatement(statement).build();
    }

    @Test
    void theLargestValidStatementFitsTheLimitTwiceOverAndIsStoredWhole() {
        CreateStatementRequest request = largestValidCreate();
        int size = request.getSerializedSize();
        assertTrue(2 * size <= limit(), "largest valid request " + size + " bytes, limit " + limit());

        Statement created = statements.createStatement(request);

        Statement sent = request.getStatement();
        assertEquals(sent.getText(), created.getText());
        assertEquals(sent.getTopicsList(), created.getTopicsList());
        assertEquals(sent.getIncidentsList(), created.getIncidentsList());
        assertEquals(sent.getDealsList(), created.getDealsList());
        assertEquals(sent.getSourcesList(), created.getSourcesList());
    }

    @Test
    void requestOverTheLimitIsResourceExhaustedNamingTheLimit() {
        Statement tooLarge = StatementFixtures.tararMl1().toBuilder().setSummary("x".repeat(limit())).build();

        StatusRuntimeException e = DiplomacyTestSupport.assertFails(Status.Code.RESOURCE_EXHAUSTED,
                () -> statements.createStatement(CreateStatementRequest.newBuilder().setStatement(tooLarge).build()));

        assertEquals("The request message is larger than this service's limit of " + limit() + " bytes.",
                e.getStatus().getDescription());
        ErrorInfo info = GrpcErrors.errorInfo(e);
        assertEquals(RequestTooLargeAnswer.REASON, info.getReason());
        assertEquals("diplomacy.corridorwatch.org", info.getDomain());
        assertEquals(Map.of("limit_bytes", Integer.toString(limit())), info.getMetadataMap());
    }
}
