package org.corridorwatch.stack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;

/**
 * The whole system on one machine: PostgreSQL, and the three services wired to each other through
 * the same environment variables compose and Kubernetes set, accepting the tokens of the stack's
 * development issuer ({@link StackTokens}, its key pair in the data folder). Started in dependency order
 * (investments, then incidents, then diplomacy), stopped in reverse. Tests use the stop and start
 * methods to take one part away and bring it back.
 *
 * <p>{@link #close()} may run at any time, also from a shutdown hook while {@link #start()} is
 * still going: it stops whatever was started so far, and a start that is still going stops there.
 */
public final class LocalStack implements AutoCloseable {

    /**
     * The services' JVM options, one per line (a java @argfile): the same file the benchmark runs
     * the services with, so what it measures is what ./run.sh runs (README, Performance).
     */
    static final String JVM_OPTIONS = "deploy/service-jvm.options";

    public static final String INCIDENTS = "incidents";
    public static final String INVESTMENTS = "investments";
    public static final String DIPLOMACY = "diplomacy";
    /** Start order: each service's writes check references in the ones before it. */
    static final List<String> SERVICES = List.of(INVESTMENTS, INCIDENTS, DIPLOMACY);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /** Where things are and which ports to use. */
    public record Settings(Path repositoryRoot, Path dataDirectory, int firstServicePort, int postgresPort,
            String externalDatabaseUrl, String externalUsername, String externalPassword) {

        /** Service ports are consecutive: investments, incidents, diplomacy get first+1, first, first+2. */
        int portOf(String service) {
            return switch (service) {
                case INCIDENTS -> firstServicePort;
                case INVESTMENTS -> firstServicePort + 1;
                case DIPLOMACY -> firstServicePort + 2;
                default -> throw new IllegalArgumentException(service);
            };
        }
    }

    private final Settings settings;
    /**
     * Held while something is started and during the whole of close(), so that close() never
     * misses a process being started, and a second close() returns only once the first is done.
     * Not held while waiting for a service to become SERVING, so close() need not wait for that.
     */
    private final Object lifecycle = new Object();
    private Database database;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> extraEnvironment = new HashMap<>();
    private final StackTokens tokens;
    private boolean closed;

    /** A stack that has started nothing yet: {@link #start()} starts it. */
    public LocalStack(Settings settings) {
        this.settings = settings;
        this.tokens = StackTokens.inDataDirectory(settings.dataDirectory());
    }

    /** The issuer whose tokens the services accept; its key pair exists once {@link #start()} ran. */
    public StackTokens tokens() {
        return tokens;
    }

    /**
     * Sets an environment variable of one service beyond those the stack sets (a test's variation);
     * takes effect when the service starts.
     */
    public void setEnvironment(String service, String name, String value) {
        extraEnvironment.computeIfAbsent(service, s -> new HashMap<>()).put(name, value);
    }

    /**
     * Starts the database and the services, and returns once every service is SERVING. On failure
     * it stops what it started; when close() ran meanwhile it stops with an exception.
     */
    public void start() {
        try {
            synchronized (lifecycle) {
                refuseIfClosed();
                // Under the lock: an embedded server started just after close() would be left running.
                database = settings.externalDatabaseUrl() == null
                        ? Database.embedded(embeddedDataDirectory(), settings.postgresPort())
                        : Database.external(settings.externalDatabaseUrl(), settings.externalUsername(),
                                settings.externalPassword());
            }
            database.createDatabases(SERVICES);
            tokens.ensureKeys();
            for (String service : SERVICES) {
                ServiceProcess process = process(service);
                synchronized (lifecycle) {
                    refuseIfClosed();
                    services.put(service, process);
                    process.start();
                }
                process.awaitServing(START_TIMEOUT);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void refuseIfClosed() {
        if (closed) {
            throw new IllegalStateException("the local stack was stopped while starting");
        }
    }

    /**
     * The file that records that the seed dataset was loaded into this stack's database, so that it
     * is loaded once per database: for the embedded server inside its data folder (zonky keeps its
     * own lock file there too, PostgreSQL ignores both), so that deleting the database forgets it;
     * for a server given by URL, named after a hash of that URL, so that another server gets the
     * seed too.
     */
    public Path seedMarker() {
        if (settings.externalDatabaseUrl() == null) {
            return embeddedDataDirectory().resolve("corridorwatch-seed-loaded");
        }
        return settings.dataDirectory().resolve("seed-loaded-" + sha256(
                Database.serverUrlOf(settings.externalDatabaseUrl())).substring(0, 16));
    }

    private Path embeddedDataDirectory() {
        return settings.dataDirectory().resolve("postgres");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** {@code host:port} of a service's gRPC (and HTTP) endpoint. */
    public String address(String service) {
        return "localhost:" + settings.portOf(service);
    }

    /** Every service's address, by name, in start order. */
    public Map<String, String> addresses() {
        Map<String, String> addresses = new LinkedHashMap<>();
        SERVICES.forEach(service -> addresses.put(service, address(service)));
        return addresses;
    }

    /** The log file of a service. */
    public Path logFile(String service) {
        return services.get(service).logFile();
    }

    public void stopService(String service) {
        services.get(service).stop();
    }

    /** Starts a stopped service again and waits until it is SERVING. */
    public void startService(String service) {
        ServiceProcess process = services.get(service);
        process.start();
        process.awaitServing(START_TIMEOUT);
    }

    /** Stops the embedded database; the services keep running and report NOT_SERVING. */
    public void stopDatabase() {
        database.stop();
    }

    /** Starts the embedded database again with its data. */
    public void startDatabase() {
        database.start();
    }

    /** Waits until a service's gRPC health reports {@code status}. */
    public void awaitHealth(String service, ServingStatus status, Duration timeout) {
        services.get(service).awaitStatus(status, timeout);
    }

    /**
     * Stops the services that were started (in reverse start order), then the embedded database
     * last, so that the services stop gracefully while it is still there. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            List<String> reverse = new ArrayList<>(services.keySet());
            java.util.Collections.reverse(reverse);
            try {
                for (String service : reverse) {
                    services.get(service).stop();
                }
            } finally {
                if (database != null) {
                    database.close();
                }
            }
        }
    }

    private ServiceProcess process(String service) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(settings.portOf(service)));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl(service));
        env.put("QUARKUS_DATASOURCE_USERNAME", database.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", database.password());
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        // Every service learns where the others are; each uses the clients it has.
        for (String other : List.of(INCIDENTS, INVESTMENTS)) {
            String prefix = "QUARKUS_GRPC_CLIENTS_" + other.toUpperCase(java.util.Locale.ROOT);
            env.put(prefix + "_HOST", "localhost");
            env.put(prefix + "_PORT", Integer.toString(settings.portOf(other)));
        }
        env.putAll(tokens.serviceEnvironment());
        env.putAll(extraEnvironment.getOrDefault(service, Map.of()));
        Path jar = settings.repositoryRoot().resolve(service + "-service/target/quarkus-app/quarkus-run.jar");
        return new ServiceProcess(service + "-service", jar, settings.repositoryRoot().resolve(JVM_OPTIONS),
                settings.portOf(service), env,
                settings.dataDirectory().resolve("logs").resolve(service + "-service.log"));
    }
}
