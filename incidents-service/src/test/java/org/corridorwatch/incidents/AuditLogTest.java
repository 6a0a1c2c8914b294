package org.corridorwatch.incidents;

import static org.corridorwatch.incidents.IncidentsTestSupport.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.DeleteIncidentRequest;
import org.corridorwatch.api.incidents.v1.GetIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.testing.TestTokens;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Every write leaves one structured line on the audit logger; reads leave none. */
@QuarkusTest
class AuditLogTest {

    private static final List<String> FIELDS = List.of("audit.issuer", "audit.subject", "audit.rpc",
            "audit.resource", "audit.outcome");

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

    private final List<Map<String, String>> lines = new CopyOnWriteArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            ExtLogRecord ext = (ExtLogRecord) record;
            java.util.HashMap<String, String> fields = new java.util.HashMap<>();
            FIELDS.forEach(f -> fields.put(f, ext.getMdc(f)));
            lines.add(fields);
            messages.add(ext.getFormattedMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger("corridorwatch.audit").addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("corridorwatch.audit").removeHandler(capture);
    }

    @Test
    void aCreateIsLoggedOnceWithWhoWhatAndOutcome() {
        String token = TestTokens.editor();
        Incident created = incidents.withCallCredentials(TestTokens.bearer(token)).createIncident(
                CreateIncidentRequest.newBuilder().setIncident(IncidentFixtures.dasu()).build());

        assertEquals(List.of(Map.of("audit.issuer", TestTokens.ISSUER, "audit.subject", "test-editor",
                "audit.rpc", "corridorwatch.incidents.v1.IncidentService/CreateIncident",
                "audit.resource", created.getName(), "audit.outcome", "OK")), lines);
        assertFalse(messages.get(0).contains(token), "the token is never logged");
    }

    @Test
    void refusedAndFailedWritesAreLoggedWithTheirOutcome() {
        assertFails(Status.Code.PERMISSION_DENIED, () -> incidents.withCallCredentials(
                TestTokens.bearer(TestTokens.reader())).deleteIncident(
                        DeleteIncidentRequest.newBuilder().setName("incidents/some-incident").build()));
        assertFails(Status.Code.NOT_FOUND, () -> incidents.deleteIncident(
                DeleteIncidentRequest.newBuilder().setName("incidents/never-created").build()));

        assertEquals(2, lines.size(), lines::toString);
        assertEquals("test-reader", lines.get(0).get("audit.subject"));
        assertEquals("PERMISSION_DENIED", lines.get(0).get("audit.outcome"));
        assertEquals("test-admin", lines.get(1).get("audit.subject"));
        assertEquals("incidents/never-created", lines.get(1).get("audit.resource"));
        assertEquals("NOT_FOUND", lines.get(1).get("audit.outcome"));
    }

    @Test
    void whyATokenWasRefusedIsLoggedWithoutTheToken() {
        List<String> refusals = new CopyOnWriteArrayList<>();
        Handler debug = new Handler() {
            @Override
            public void publish(LogRecord record) {
                refusals.add(((ExtLogRecord) record).getFormattedMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger auth = Logger.getLogger("org.corridorwatch.support.auth");
        auth.addHandler(debug);
        try {
            for (String token : List.of(TestTokens.badSignature(), TestTokens.expired(), TestTokens.malformed())) {
                assertFails(Status.Code.UNAUTHENTICATED, () -> incidents.withCallCredentials(TestTokens.bearer(token))
                        .getIncident(GetIncidentRequest.newBuilder().setName("incidents/never-created").build()));
                assertFalse(refusals.isEmpty(), "the refusal is logged (at DEBUG in tests)");
                refusals.forEach(message -> assertFalse(message.contains(token), "the token is never logged: " + message));
                // Not even its signature, which alone can be replayed with a known header and payload.
                String signature = token.substring(token.lastIndexOf('.') + 1);
                refusals.forEach(message -> assertFalse(!signature.isEmpty() && message.contains(signature), message));
                refusals.clear();
            }
        } finally {
            auth.removeHandler(debug);
        }
    }

    @Test
    void readsAreNotAudited() {
        assertFails(Status.Code.NOT_FOUND, () -> incidents.getIncident(
                GetIncidentRequest.newBuilder().setName("incidents/never-created").build()));
        assertEquals(List.of(), lines);
    }
}
