package org.corridorwatch.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The command line of the local stack.
 *
 * <pre>
 *   up                      start PostgreSQL and the three services, load the seed dataset, wait for Ctrl-C
 *   load FILE [--incidents HOST:PORT] [--investments HOST:PORT] [--diplomacy HOST:PORT]
 *                           load a dataset file into running services (defaults: the local stack's ports)
 * </pre>
 *
 * Settings come from the environment: CORRIDORWATCH_HOME (data and logs; default .corridorwatch in
 * the repository), CORRIDORWATCH_FIRST_PORT (8081: incidents, then investments and diplomacy),
 * CORRIDORWATCH_POSTGRES_PORT (54329, the embedded server), and CORRIDORWATCH_DATABASE_URL,
 * _USERNAME, _PASSWORD to use a PostgreSQL of yours instead of the embedded one.
 */
public final class Main {

    static final Path SEED_FILE = Path.of("seed", "corridorwatch-seed.json");

    private Main() {
    }

    static final String USAGE = "usage: up | load FILE [--incidents HOST:PORT] [--investments HOST:PORT]"
            + " [--diplomacy HOST:PORT]";

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "up" : args[0];
        try {
            switch (command) {
                case "up" -> up();
                case "load" -> load(List.of(args).subList(1, args.length));
                default -> throw new UsageException("unknown command " + command);
            }
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    /** A command line that does not say what to do; reported with the usage, exit code 2. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private static void up() throws IOException, InterruptedException {
        Path repository = Path.of(env("CORRIDORWATCH_REPOSITORY", ".")).toAbsolutePath().normalize();
        LocalStack.Settings settings = new LocalStack.Settings(repository,
                Path.of(env("CORRIDORWATCH_HOME", repository.resolve(".corridorwatch").toString())),
                Integer.parseInt(env("CORRIDORWATCH_FIRST_PORT", "8081")),
                Integer.parseInt(env("CORRIDORWATCH_POSTGRES_PORT", "54329")),
                System.getenv("CORRIDORWATCH_DATABASE_URL"), env("CORRIDORWATCH_DATABASE_USERNAME", "postgres"),
                env("CORRIDORWATCH_DATABASE_PASSWORD", ""));
        System.out.println("Starting PostgreSQL and the services; data and logs in " + settings.dataDirectory());
        CountDownLatch stopped = new CountDownLatch(1);
        LocalStack stack = new LocalStack(settings);
        // Registered before anything starts: Ctrl-C during startup then stops what was started so
        // far (close() is idempotent, and a start still going stops there).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the services and PostgreSQL ...");
            stack.close();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "local-stack-shutdown"));
        stack.start();

        // Loaded on the first start with this database only: a seed record someone deleted since
        // must not come back. The marker lives with the database, so a new one gets the seed.
        Path seeded = stack.seedMarker();
        if (Files.exists(seeded)) {
            System.out.println("The seed dataset was loaded into this database on its first start; delete " + seeded
                    + " to load it again (loading is idempotent).");
        } else {
            for (SeedLoader.Result result : SeedLoader.load(repository.resolve(SEED_FILE), stack.addresses())) {
                System.out.printf("Seed %-10s %d loaded, %d skipped (id taken)%n", result.section(), result.loaded(),
                        result.skipped());
            }
            Files.createDirectories(seeded.getParent());
            Files.writeString(seeded, Instant.now() + " " + SEED_FILE + "\n");
        }
        System.out.println();
        stack.addresses().forEach((service, address) -> System.out.printf("%-12s %s-service  gRPC + HTTP on %s%n",
                service, service, address));
        System.out.println();
        System.out.println("Try: who said what about joint security, from the seed data:");
        System.out.println("  node tools/grpc-call.js " + stack.address(LocalStack.DIPLOMACY)
                + " org.corridorwatch.api.diplomacy.v1.StatementService/SearchStatements '{\"query\": \"joint security\"}'");
        System.out.println("  grpcurl -plaintext -d '{\"query\": \"joint security\"}' "
                + stack.address(LocalStack.DIPLOMACY) + " org.corridorwatch.api.diplomacy.v1.StatementService/SearchStatements");
        System.out.println();
        System.out.println("Press Ctrl-C to stop everything.");
        stopped.await();
    }

    private static void load(List<String> args) throws IOException, UsageException {
        if (args.isEmpty() || args.get(0).startsWith("--")) {
            throw new UsageException("load needs a FILE first");
        }
        Map<String, String> addresses = new HashMap<>(Map.of(
                LocalStack.INCIDENTS, "localhost:8081",
                LocalStack.INVESTMENTS, "localhost:8082",
                LocalStack.DIPLOMACY, "localhost:8083"));
        // Every option must be known and have a value: one silently ignored would load into the
        // default address instead of the one meant.
        for (int i = 1; i < args.size(); i += 2) {
            String option = args.get(i);
            String service = option.startsWith("--") ? option.substring(2) : "";
            if (!addresses.containsKey(service)) {
                throw new UsageException("unknown option " + option);
            }
            if (i + 1 >= args.size() || args.get(i + 1).startsWith("--") || args.get(i + 1).isBlank()) {
                throw new UsageException(option + " needs a value, HOST:PORT");
            }
            addresses.put(service, args.get(i + 1));
        }
        for (SeedLoader.Result result : SeedLoader.load(Path.of(args.get(0)), addresses)) {
            System.out.printf("%-10s %d loaded, %d skipped (id taken)%n", result.section(), result.loaded(),
                    result.skipped());
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
