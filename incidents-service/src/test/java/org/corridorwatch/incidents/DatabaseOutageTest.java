package org.corridorwatch.incidents;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.corridorwatch.support.errors.GrpcErrorMapper;
import org.corridorwatch.testing.Await;
import org.corridorwatch.testing.EmbeddedPostgresResource;
import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentFilter;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.ListIncidentsRequest;
import org.corridorwatch.api.incidents.v1.ListIncidentsResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * PostgreSQL going away while creates are under way, as a demanding client sees it: every answer is
 * OK or UNAVAILABLE (which Google's retry guidance retries; INTERNAL and UNKNOWN it does not), and
 * retrying each refused create with its request_id once the database is back leaves exactly one
 * record per request, whether or not the refused one had committed.
 */
@QuarkusTest
class DatabaseOutageTest {

    private static final int CLIENTS = 12;
    private static final int CREATES_BEFORE_THE_OUTAGE = 40;
    private static final Duration OUTAGE = Duration.ofSeconds(2);
    private static final int RETRIES = 20;

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

    /** One create as the client sent it, and what it was answered. */
    private record Attempt(CreateIncidentRequest request, Status.Code code, String name, String reason) {
    }

    @Test
    void concurrentCreatesThroughADatabaseRestartAreOkOrUnavailableAndRetriesMakeOneRecordEach() throws Exception {
        assumeTrue(EmbeddedPostgresResource.isEmbedded(), "needs the embedded database, which it stops");
        String tag = "outage-" + UUID.randomUUID();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Map<Integer, Attempt> attempts = new ConcurrentHashMap<>();

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            clients.submit(() -> {
                while (!stop.get()) {
                    int index = next.getAndIncrement();
                    Attempt attempt = create(request(tag, index));
                    attempts.put(index, attempt);
                    if (attempt.code() == Status.Code.OK) {
                        succeeded.incrementAndGet();
                    }
                }
            });
        }
        try {
            Await.until("creates flowing", Duration.ofSeconds(60), () -> succeeded.get() >= CREATES_BEFORE_THE_OUTAGE);
            // A fast shutdown terminates every connection wherever it is: in a query, or in a commit.
            EmbeddedPostgresResource.stopDatabase();
            try {
                Thread.sleep(OUTAGE.toMillis());
            } finally {
                EmbeddedPostgresResource.startDatabase();
            }
            int afterRestart = succeeded.get();
            Await.until("creates succeeding again", Duration.ofSeconds(60), () -> succeeded.get() > afterRestart);
        } finally {
            stop.set(true);
            clients.shutdown();
            assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS), "clients did not finish");
        }

        Map<Status.Code, Integer> codes = new TreeMap<>();
        attempts.values().forEach(a -> codes.merge(a.code(), 1, Integer::sum));
        assertEquals(Set.of(Status.Code.OK, Status.Code.UNAVAILABLE), codes.keySet(),
                "every create is answered OK, or UNAVAILABLE while the database is away: " + codes);
        for (Attempt a : attempts.values()) {
            if (a.code() == Status.Code.UNAVAILABLE) {
                assertEquals(GrpcErrorMapper.DATABASE_UNAVAILABLE_REASON, a.reason());
            }
        }

        // The client retries each refused create with the same request (and request_id).
        Await.until("readiness UP again", Duration.ofSeconds(30),
                () -> given().get("/q/health/ready").statusCode() == 200);
        Map<Integer, String> names = new HashMap<>();
        for (Map.Entry<Integer, Attempt> entry : attempts.entrySet()) {
            Attempt attempt = entry.getValue();
            for (int retry = 0; attempt.code() != Status.Code.OK && retry < RETRIES; retry++) {
                assertEquals(Status.Code.UNAVAILABLE, attempt.code(), () -> "a retry was answered " + entry);
                Thread.sleep(100);
                attempt = create(attempt.request());
            }
            assertEquals(Status.Code.OK, attempt.code(), "request " + entry.getKey() + " kept failing");
            names.put(entry.getKey(), attempt.name());
        }

        // Exactly one record per request: none lost (acknowledged or retried), none made twice.
        Map<String, List<String>> stored = new HashMap<>();
        for (Incident incident : listTagged(tag)) {
            stored.computeIfAbsent(incident.getTitle(), t -> new ArrayList<>()).add(incident.getName());
        }
        assertEquals(attempts.size(), stored.size(), "one title per request");
        for (Map.Entry<Integer, String> entry : names.entrySet()) {
            assertEquals(List.of(entry.getValue()), stored.get(title(entry.getKey())),
                    "request " + entry.getKey() + " made exactly the record it was answered with");
        }
    }

    private Attempt create(CreateIncidentRequest request) {
        try {
            Incident created = incidents.withDeadlineAfter(30, TimeUnit.SECONDS).createIncident(request);
            return new Attempt(request, Status.Code.OK, created.getName(), "");
        } catch (StatusRuntimeException e) {
            String reason = StatusProto.fromThrowable(e) == null ? "(no details)" : GrpcErrors.errorInfo(e).getReason();
            return new Attempt(request, e.getStatus().getCode(), "", reason);
        }
    }

    private static String title(int index) {
        return "Outage test create #" + index;
    }

    private static CreateIncidentRequest request(String tag, int index) {
        Incident incident = IncidentFixtures.dasu().toBuilder().setTitle(title(index))
                .setPlace(IncidentFixtures.dasu().getPlace().toBuilder().setProvince(tag)).build();
        return CreateIncidentRequest.newBuilder().setIncident(incident).setRequestId(UUID.randomUUID().toString())
                .build();
    }

    private List<Incident> listTagged(String tag) {
        List<Incident> all = new ArrayList<>();
        String token = "";
        do {
            ListIncidentsResponse page = incidents.listIncidents(ListIncidentsRequest.newBuilder().setPageSize(1000)
                    .setPageToken(token).setFilter(IncidentFilter.newBuilder().setProvince(tag)).build());
            all.addAll(page.getIncidentsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return all;
    }
}
