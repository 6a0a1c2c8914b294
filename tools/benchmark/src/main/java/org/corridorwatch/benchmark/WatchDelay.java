package org.corridorwatch.benchmark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.IncidentChange;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.api.incidents.v1.WatchIncidentsRequest;

import com.google.protobuf.Timestamp;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;

/**
 * Watch delivery delay (issue 14's figure; goal: within 100 ms of commit): how long after a
 * change commits a watching client has it. Starts an embedded PostgreSQL and incidents-service's
 * jar (as {@link Benchmark} does, in tools/benchmark/target/watch-delay-run, made anew each run),
 * opens one WatchIncidents stream, then creates incidents one at a time at a steady rate. The delay
 * of each change is the client's clock when the change arrives minus the revision's commit_time
 * (the database's clock at the revision's insert, the write's last statement before its commit;
 * one machine, one clock), so it includes the rest of the commit, NOTIFY, the service's read and
 * the gRPC send. The first {@code --warm-up} changes are not counted (a cold JVM).
 *
 * <p>{@code tools/benchmark/watch-delay.sh [--writes 500] [--rate 20] [--warm-up 100]}
 */
public final class WatchDelay {

    public static void main(String[] args) throws Exception {
        Path root = Path.of(".");
        int writes = 500;
        int rate = 20;
        int warmUp = 100;
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--repository" -> root = Path.of(value);
                case "--writes" -> writes = Integer.parseInt(value);
                case "--rate" -> rate = Integer.parseInt(value);
                case "--warm-up" -> warmUp = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --writes N --rate PER_SECOND --warm-up N");
            }
        }
        Path work = root.resolve("tools/benchmark/target/watch-delay-run").toAbsolutePath();
        Benchmark.deleteRecursively(work);
        Files.createDirectories(work);
        log("PostgreSQL (embedded) in " + work.resolve("postgres"));
        try (BenchDatabase database = new BenchDatabase(work.resolve("postgres"), freePort())) {
            database.createDatabases();
            BearerTokens tokens = new BearerTokens(work);
            int port = freePort();
            Map<String, String> env = new HashMap<>(tokens.serviceEnvironment());
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl("incidents"));
            env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
            env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
            env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
            env.put("CORRIDORWATCH_PAGE_TOKENS_KEY", "benchmark-only-public-page-token-key-0123456789");
            Path jar = root.resolve("incidents-service/target/quarkus-app/quarkus-run.jar");
            try (ServiceJvm service = new ServiceJvm("incidents-service", jar,
                    root.resolve(ServiceJvm.DEFAULT_JVM_OPTIONS), port, env, work.resolve("incidents-service.log"))) {
                ManagedChannel managed = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
                try {
                    service.awaitServing(managed, Duration.ofMinutes(3));
                    log("incidents-service SERVING on port " + port);
                    CompletableFuture<Throwable> ended = measure(managed, tokens.adminToken(120), writes, rate, warmUp);
                    // How the open stream ends when the service stops (SIGTERM, as Kubernetes stops a pod):
                    // the contract says UNAVAILABLE, so that the client resumes from its last token.
                    service.close();
                    Throwable end = ended.get(30, TimeUnit.SECONDS);
                    System.out.println("When the service stopped, the open watch ended with: "
                            + (end == null ? "a normal end (no status error)" : io.grpc.Status.fromThrowable(end)));
                } finally {
                    managed.shutdownNow();
                }
            }
        }
    }

    /** Measures and prints the delays; returns how the watch ends (it is still open). */
    private static CompletableFuture<Throwable> measure(ManagedChannel managed, String token, int writes, int rate,
            int warmUp) throws InterruptedException {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        Channel channel = ClientInterceptors.intercept(managed, MetadataUtils.newAttachHeadersInterceptor(headers));
        int total = warmUp + writes;
        List<Double> delays = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(total);
        IncidentServiceGrpc.newStub(channel).watchIncidents(WatchIncidentsRequest.getDefaultInstance(),
                new StreamObserver<>() {
                    private int seen;

                    @Override
                    public void onNext(IncidentChange change) {
                        Instant arrived = Instant.now();
                        Timestamp committed = change.getRevision().getCommitTime();
                        double ms = Duration.between(Instant.ofEpochSecond(committed.getSeconds(), committed.getNanos()),
                                arrived).toNanos() / 1e6;
                        if (seen++ >= warmUp) {
                            synchronized (delays) {
                                delays.add(ms);
                            }
                        }
                        all.countDown();
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(null);
                    }
                });
        IncidentServiceGrpc.IncidentServiceBlockingStub incidents = IncidentServiceGrpc.newBlockingStub(channel);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long next = System.nanoTime();
        log("writing " + warmUp + " + " + writes + " incidents at " + rate + "/s, one at a time ...");
        for (int i = 0; i < total; i++) {
            incidents.withDeadlineAfter(30, TimeUnit.SECONDS)
                    .createIncident(CreateIncidentRequest.newBuilder().setIncident(Benchmark.newIncident()).build());
            next += interval;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
        }
        if (!all.await(60, TimeUnit.SECONDS)) {
            log("only " + (total - all.getCount()) + " of " + total + " changes arrived");
        }
        List<Double> sorted;
        synchronized (delays) {
            sorted = delays.stream().sorted(Comparator.naturalOrder()).toList();
        }
        System.out.printf("%nWatch delivery delay, commit to client, %d changes at %d/s (after %d warm-up):%n",
                sorted.size(), rate, warmUp);
        System.out.printf("| p50 | p90 | p99 | max | goal |%n|---|---|---|---|---|%n");
        System.out.printf("| %.1f ms | %.1f ms | %.1f ms | %.1f ms | <= 100 ms |%n", percentile(sorted, 50),
                percentile(sorted, 90), percentile(sorted, 99), sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1));
        return ended;
    }

    private static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void log(String message) {
        System.err.println("[watch-delay " + Benchmark.clock() + "] " + message);
    }
}
