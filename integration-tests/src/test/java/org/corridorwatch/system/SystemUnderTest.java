package org.corridorwatch.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.corridorwatch.stack.LocalStack;
import org.corridorwatch.stack.SeedLoader;
import org.corridorwatch.stack.StackTokens;
import org.corridorwatch.support.auth.Roles;
import org.corridorwatch.support.auth.Tokens;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;

/**
 * The running system the tests talk to, reached only through the services' gRPC addresses.
 *
 * <ul>
 * <li>With CORRIDORWATCH_INCIDENTS_ADDRESS, _INVESTMENTS_ADDRESS and _DIPLOMACY_ADDRESS set, a
 * system someone else runs (docker compose). Tests that take a part of it away need
 * CORRIDORWATCH_STACK_CONTROL=docker-compose and the docker CLI (run them from the host); without
 * that they are skipped and reported as skipped.
 * <li>Otherwise the local stack, started once for the whole test run: the services as this build
 * made them, an embedded PostgreSQL in a temporary folder (under target/, deleted at the end), free
 * ports.
 * </ul>
 * Either way the seed dataset is loaded first (loading is an upsert that writes nothing twice; the
 * local stack loads the seed as it was before its corrections first, see
 * {@link #SEED_BEFORE_CORRECTIONS}), and the tests call with
 * tokens of the role each needs ({@link #channel(String, String)}): minted with the local stack's
 * key, or against compose with the key in CORRIDORWATCH_TOKEN_SIGNING_KEY and the issuer in
 * CORRIDORWATCH_TOKEN_ISSUER; with neither, CORRIDORWATCH_TOKEN for every role (an editor's or
 * admin's), and the tests that need a particular role are skipped.
 */
final class SystemUnderTest {

    static final String INCIDENTS = LocalStack.INCIDENTS;
    static final String INVESTMENTS = LocalStack.INVESTMENTS;
    static final String DIPLOMACY = LocalStack.DIPLOMACY;
    static final List<String> SERVICES = List.of(INCIDENTS, INVESTMENTS, DIPLOMACY);

    /**
     * An audience that diplomacy-service accepts besides the usual one, and the other services do
     * not (local stack only): a caller's token for it shows that a reference check does not pass
     * the caller's token on.
     */
    static final String DIPLOMACY_ONLY_AUDIENCE = "corridorwatch-diplomacy-only";

    private static SystemUnderTest instance;

    private final Map<String, String> addresses;
    private final Control control;
    /** Mints the tests' tokens; null when only CORRIDORWATCH_TOKEN is given. */
    private final Issuer issuer;
    private final boolean startedHere;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    /** A signing key the services trust, and the issuer they expect. */
    private record Issuer(Path signingKey, String name) {
    }

    /** How the tests stop and start parts of the system; null when they cannot. */
    interface Control {
        void stopService(String service);

        void startService(String service);

        void stopDatabase();

        void startDatabase();
    }

    private SystemUnderTest(Map<String, String> addresses, Control control, Issuer issuer, boolean startedHere) {
        this.addresses = addresses;
        this.control = control;
        this.issuer = issuer;
        this.startedHere = startedHere;
    }

    /**
     * The seed as it was before its first corrections (issue 14), a test resource taken from git
     * history: the local stack loads it first, so the current seed then arrives as it does in a
     * database loaded before the corrections, as updates (SeedCorrectionsTest).
     */
    static final String SEED_BEFORE_CORRECTIONS = "/corridorwatch-seed-before-corrections.json";

    /** What loading the current seed did (after the older one, on the local stack). */
    private List<SeedLoader.Result> seedLoad;

    static synchronized SystemUnderTest get() {
        if (instance == null) {
            instance = start();
            try {
                if (instance.startedHere) {
                    SeedLoader.load(resource(SEED_BEFORE_CORRECTIONS), instance.addresses,
                            instance.token(Roles.ADMIN));
                }
                instance.seedLoad = SeedLoader.load(seedFile(), instance.addresses, instance.token(Roles.ADMIN));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** The current seed file. */
    static Path seedFile() {
        return repository().resolve("seed/corridorwatch-seed.json");
    }

    /** What loading the current seed did when the system was set up. */
    List<SeedLoader.Result> seedLoad() {
        return seedLoad;
    }

    private static Path resource(String name) {
        try {
            return Path.of(SystemUnderTest.class.getResource(name).toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " not found", e);
        }
    }

    String address(String service) {
        return addresses.get(service);
    }

    /** A channel to the service that sends no token (health, and tests of what a token is needed for). */
    ManagedChannel channel(String service) {
        return channels.computeIfAbsent(service,
                s -> ManagedChannelBuilder.forTarget(addresses.get(s)).usePlaintext().build());
    }

    /** A channel to the service whose calls carry a token holding {@code role} (a {@link Roles} name). */
    Channel channel(String service, String role) {
        return ClientInterceptors.intercept(channel(service), StackTokens.bearer(token(role)));
    }

    /**
     * A token holding {@code role}, valid for an hour: minted when the tests have the key, else
     * CORRIDORWATCH_TOKEN (whatever its role).
     */
    String token(String role) {
        if (issuer != null) {
            return StackTokens.mint(issuer.signingKey(), issuer.name(), role, "integration-tests-" + role,
                    Duration.ofHours(1));
        }
        String given = System.getenv("CORRIDORWATCH_TOKEN");
        if (given == null || given.isBlank()) {
            throw new IllegalStateException("Against a running system the tests need CORRIDORWATCH_TOKEN_SIGNING_KEY and"
                    + " CORRIDORWATCH_TOKEN_ISSUER, or CORRIDORWATCH_TOKEN (README, Compose)");
        }
        return given;
    }

    /** Whether {@link #token} makes tokens of exactly the role asked for. */
    boolean mintsTokens() {
        return issuer != null;
    }

    /** Whether the tests started the system themselves (the local stack), with its test settings. */
    boolean startedHere() {
        return startedHere;
    }

    /** A token holding {@code role} for {@link #DIPLOMACY_ONLY_AUDIENCE}, which only diplomacy-service accepts. */
    String diplomacyOnlyToken(String role) {
        java.time.Instant now = java.time.Instant.now();
        try {
            return Tokens.sign(org.corridorwatch.support.auth.PemKeys.readPrivateKey(issuer.signingKey()), issuer.name(),
                    DIPLOMACY_ONLY_AUDIENCE, "integration-tests-caller", null, java.util.Set.of(role), now, now,
                    now.plus(Duration.ofHours(1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the tests can stop and start parts of the system. */
    boolean controllable() {
        return control != null;
    }

    Control control() {
        return control;
    }

    /** Waits until the service's gRPC health answers {@code expected}. */
    void awaitHealth(String service, ServingStatus expected, Duration timeout) throws InterruptedException {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel(service));
        Instant deadline = Instant.now().plus(timeout);
        ServingStatus last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                last = health.withDeadlineAfter(2, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance())
                        .getStatus();
                if (last == expected) {
                    return;
                }
            } catch (StatusRuntimeException unreachable) {
                last = null;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(service + " did not report " + expected + " within " + timeout + " (last: " + last
                + ")");
    }

    /**
     * Calls until the answer is not UNAVAILABLE, as a client retries a retryable error: just after
     * a service returns, the others' channels may still be backing off from it for a few seconds.
     */
    static <T> T retryWhileUnavailable(java.util.function.Supplier<T> call, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                return call.get();
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != io.grpc.Status.Code.UNAVAILABLE || Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private static SystemUnderTest start() {
        String incidents = System.getenv("CORRIDORWATCH_INCIDENTS_ADDRESS");
        if (incidents != null && !incidents.isBlank()) {
            Map<String, String> addresses = Map.of(INCIDENTS, incidents,
                    INVESTMENTS, System.getenv("CORRIDORWATCH_INVESTMENTS_ADDRESS"),
                    DIPLOMACY, System.getenv("CORRIDORWATCH_DIPLOMACY_ADDRESS"));
            boolean compose = "docker-compose".equals(System.getenv("CORRIDORWATCH_STACK_CONTROL"));
            String signingKey = System.getenv("CORRIDORWATCH_TOKEN_SIGNING_KEY");
            Issuer issuer = signingKey == null || signingKey.isBlank() ? null
                    : new Issuer(Path.of(signingKey), System.getenv("CORRIDORWATCH_TOKEN_ISSUER"));
            return new SystemUnderTest(addresses, compose ? new ComposeControl(repository()) : null, issuer, false);
        }
        Path dataDirectory = temporaryDirectory();
        LocalStack stack = new LocalStack(new LocalStack.Settings(repository(), dataDirectory,
                freeConsecutivePorts(3), freeConsecutivePorts(1), null, null, null));
        // Registered before the start, so that a failed or interrupted run stops what it started
        // too; the data folder goes only once the database is stopped (close() stops it last).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            deleteRecursively(dataDirectory);
        }, "local-stack-shutdown"));
        stack.setEnvironment(DIPLOMACY, "MP_JWT_VERIFY_AUDIENCES", Tokens.AUDIENCE + "," + DIPLOMACY_ONLY_AUDIENCE);
        stack.start();
        Issuer issuer = new Issuer(stack.tokens().privateKey(), StackTokens.ISSUER);
        return new SystemUnderTest(stack.addresses(), new Control() {
            @Override
            public void stopService(String service) {
                stack.stopService(service);
            }

            @Override
            public void startService(String service) {
                stack.startService(service);
            }

            @Override
            public void stopDatabase() {
                stack.stopDatabase();
            }

            @Override
            public void startDatabase() {
                stack.startDatabase();
            }
        }, issuer, true);
    }

    /** Stops and starts compose services with the docker CLI, from the repository root. */
    private record ComposeControl(Path repository) implements Control {

        @Override
        public void stopService(String service) {
            compose("stop", service + "-service");
        }

        @Override
        public void startService(String service) {
            compose("start", service + "-service");
        }

        @Override
        public void stopDatabase() {
            compose("stop", "postgres");
        }

        @Override
        public void startDatabase() {
            compose("start", "postgres");
        }

        private void compose(String... args) {
            List<String> command = new java.util.ArrayList<>(List.of("docker", "compose"));
            command.addAll(List.of(args));
            try {
                Process process = new ProcessBuilder(command).directory(repository.toFile()).inheritIO().start();
                if (process.waitFor() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static Path repository() {
        return Path.of(System.getProperty("corridorwatch.repository", "..")).toAbsolutePath().normalize();
    }

    /**
     * A new folder for the stack's database and logs, in the build's target folder when Maven runs
     * the tests (so that even one left behind by a killed run goes with mvn clean), else in /tmp.
     */
    private static Path temporaryDirectory() {
        String buildDirectory = System.getProperty("corridorwatch.build-directory");
        try {
            if (buildDirectory == null) {
                return Files.createTempDirectory("corridorwatch-it-");
            }
            Path parent = Files.createDirectories(Path.of(buildDirectory));
            return Files.createTempDirectory(parent, "corridorwatch-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (java.util.stream.Stream<Path> paths = Files.walk(directory)) {
            // Deepest first, so that each folder is empty when it is deleted.
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("Could not delete " + directory + ": " + e);
        }
    }

    /** The first of {@code count} consecutive ports that are free now. */
    private static int freeConsecutivePorts(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first;
            try (ServerSocket socket = new ServerSocket(0)) {
                first = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (first + count <= 65535 && allFree(first, count)) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports found");
    }

    private static boolean allFree(int first, int count) {
        for (int port = first; port < first + count; port++) {
            try (ServerSocket socket = new ServerSocket(port)) {
                socket.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
