package org.corridorwatch.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.corridorwatch.support.auth.Roles;

/**
 * The command line of the local stack.
 *
 * <pre>
 *   up                      start PostgreSQL and the three services, load the seed dataset, print
 *                           tokens, wait for Ctrl-C
 *   load FILE [--incidents HOST:PORT] [--investments HOST:PORT] [--diplomacy HOST:PORT] [--token TOKEN]
 *                           load a dataset file into running services (defaults: the local stack's ports;
 *                           the token of --token, else CORRIDORWATCH_TOKEN, else an admin token minted
 *                           with the local stack's key)
 *   token --role reader|editor|admin [--subject NAME] [--hours N] [--key FILE] [--issuer URL]
 *                           print a token (defaults: subject developer, 12 hours, the local stack's key
 *                           and issuer)
 * </pre>
 *
 * Settings come from the environment: CORRIDORWATCH_HOME (data, keys and logs; default .corridorwatch
 * in the repository), CORRIDORWATCH_FIRST_PORT (8081: incidents, then investments and diplomacy),
 * CORRIDORWATCH_POSTGRES_PORT (54329, the embedded server), and CORRIDORWATCH_DATABASE_URL,
 * _USERNAME, _PASSWORD to use a PostgreSQL of yours instead of the embedded one.
 */
public final class Main {

    static final Path SEED_FILE = Path.of("seed", "corridorwatch-seed.json");

    private Main() {
    }

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: up",
            "     | load FILE [--incidents HOST:PORT] [--investments HOST:PORT] [--diplomacy HOST:PORT] [--token TOKEN]",
            "     | token --role reader|editor|admin [--subject NAME] [--hours N] [--key FILE] [--issuer URL]");
    private static final String TOKEN_COMMAND = "java -jar local-stack/target/local-stack-runner.jar token";

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "up" : args[0];
        try {
            switch (command) {
                case "up" -> up();
                case "load" -> load(List.of(args).subList(1, args.length));
                case "token" -> System.out.println(token(options(List.of(args).subList(1, args.length),
                        Set.of("role", "subject", "hours", "key", "issuer"))));
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

    private static Path repository() {
        return Path.of(env("CORRIDORWATCH_REPOSITORY", ".")).toAbsolutePath().normalize();
    }

    private static Path home() {
        return Path.of(env("CORRIDORWATCH_HOME", repository().resolve(".corridorwatch").toString()));
    }

    private static void up() throws IOException, InterruptedException {
        Path repository = repository();
        LocalStack.Settings settings = new LocalStack.Settings(repository, home(),
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

        // Loaded on the first start with this database, and again whenever the seed file changed
        // since (its corrections then arrive as revisions): the marker, which lives with the
        // database, holds the digest of the file last loaded. Not on every start: a seed record
        // someone edited or deleted since is left as it is while the file stays the same.
        Path seeded = stack.seedMarker();
        String digest = digest(repository.resolve(SEED_FILE));
        if (Files.exists(seeded) && Files.readString(seeded).contains(digest)) {
            System.out.println("The seed dataset as it is now was already loaded into this database; delete " + seeded
                    + " to load it again (loading is an upsert that writes nothing twice).");
        } else {
            String loader = stack.tokens().mint(Roles.ADMIN, "seed-loader", Duration.ofHours(1));
            for (SeedLoader.Result result : SeedLoader.load(repository.resolve(SEED_FILE), stack.addresses(), loader)) {
                System.out.println("Seed " + describe(result));
            }
            Files.createDirectories(seeded.getParent());
            Files.writeString(seeded, Instant.now() + " " + SEED_FILE + " sha256:" + digest + "\n");
        }
        System.out.println();
        stack.addresses().forEach((service, address) -> System.out.printf("%-12s %s-service  gRPC + HTTP on %s%n",
                service, service, address));
        String reader = stack.tokens().mint(Roles.READER, "developer", StackTokens.DEFAULT_LIFETIME);
        String editor = stack.tokens().mint(Roles.EDITOR, "developer", StackTokens.DEFAULT_LIFETIME);
        System.out.println();
        System.out.println("Every call needs a token. These are valid for 12 hours (subject developer):");
        System.out.println("  export READER_TOKEN=" + reader);
        System.out.println("  export EDITOR_TOKEN=" + editor);
        System.out.println("Mint more: " + TOKEN_COMMAND + " --role editor --subject alice [--hours N]");
        System.out.println();
        // The query carries the token itself, so it works when pasted into any shell.
        String search = "corridorwatch.diplomacy.v1.StatementService/SearchStatements";
        System.out.println("Try: who said what about joint security, from the seed data:");
        System.out.println("  node tools/grpc-call.js --token " + reader + " " + stack.address(LocalStack.DIPLOMACY)
                + " " + search + " '{\"query\": \"joint security\"}'");
        System.out.println("  grpcurl -plaintext -H 'authorization: Bearer " + reader
                + "' -d '{\"query\": \"joint security\"}' " + stack.address(LocalStack.DIPLOMACY) + " " + search);
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
        Map<String, String> options = options(args.subList(1, args.size()),
                Set.of(LocalStack.INCIDENTS, LocalStack.INVESTMENTS, LocalStack.DIPLOMACY, "token"));
        String token = options.remove("token");
        addresses.putAll(options);
        if (token == null) {
            token = System.getenv("CORRIDORWATCH_TOKEN");
        }
        if (token == null || token.isBlank()) {
            StackTokens local = StackTokens.inDataDirectory(home());
            if (!Files.exists(local.privateKey())) {
                throw new UsageException("load needs an admin token: --token TOKEN or CORRIDORWATCH_TOKEN (no local"
                        + " stack key at " + local.privateKey() + " to mint one with)");
            }
            token = local.mint(Roles.ADMIN, "seed-loader", Duration.ofHours(1));
        }
        for (SeedLoader.Result result : SeedLoader.load(Path.of(args.get(0)), addresses, token)) {
            System.out.println(describe(result));
        }
    }

    private static String describe(SeedLoader.Result result) {
        return String.format("%-10s %d created, %d updated, %d unchanged, %d skipped (id taken)", result.section(),
                result.created(), result.updated(), result.unchanged(), result.skipped());
    }

    /** The SHA-256 of a file, in hex. */
    private static String digest(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token of {@code token}'s options: the role's, signed with the given or the local stack's key. */
    private static String token(Map<String, String> options) throws UsageException {
        String role = options.get("role");
        if (role == null || !Roles.HIERARCHY.contains(role)) {
            throw new UsageException("token needs --role, one of " + String.join(", ", Roles.HIERARCHY));
        }
        long hours;
        try {
            hours = Long.parseLong(options.getOrDefault("hours", Long.toString(StackTokens.DEFAULT_LIFETIME.toHours())));
        } catch (NumberFormatException e) {
            throw new UsageException("--hours needs a whole number of hours");
        }
        if (hours < 1) {
            throw new UsageException("--hours needs a whole number of hours, 1 or more");
        }
        Path key = options.containsKey("key") ? Path.of(options.get("key"))
                : StackTokens.inDataDirectory(home()).privateKey();
        if (!Files.isRegularFile(key)) {
            throw new UsageException("no signing key at " + key + " (start the local stack once, or pass --key FILE)");
        }
        return StackTokens.mint(key, options.getOrDefault("issuer", StackTokens.ISSUER), role,
                options.getOrDefault("subject", "developer"), Duration.ofHours(hours));
    }

    /**
     * Options given as {@code --name value} pairs. Every option must be known and have a value: one
     * silently ignored would, say, load into the default address instead of the one meant.
     */
    private static Map<String, String> options(List<String> args, Set<String> known) throws UsageException {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String option = args.get(i);
            String name = option.startsWith("--") ? option.substring(2) : "";
            if (!known.contains(name)) {
                throw new UsageException("unknown option " + option);
            }
            if (i + 1 >= args.size() || args.get(i + 1).startsWith("--") || args.get(i + 1).isBlank()) {
                throw new UsageException(option + " needs a value");
            }
            options.put(name, args.get(i + 1));
        }
        return options;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
