package org.corridorwatch.support.feed;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.corridorwatch.support.errors.ApiException;
import org.corridorwatch.support.errors.GrpcErrorMapper;
import org.corridorwatch.support.errors.InvalidArgumentException;
import org.corridorwatch.support.grpc.FlowControlledStream;
import org.corridorwatch.support.history.RevisionStore.FeedEnd;
import org.corridorwatch.support.history.StoredRevision;
import org.corridorwatch.support.paging.PageSizes;
import org.corridorwatch.support.resources.StandardMethods;
import org.corridorwatch.support.validation.Violations;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.runtime.ShutdownEvent;

/**
 * The change feed of a service's resource (issue 14), written once: {@code List<Resource>Changes}
 * (pages) and {@code Watch<Resources>} (a stream), read from the revision store.
 *
 * <p><b>Why nothing is skipped or repeated.</b> The revision store numbers revisions in commit
 * order (revision_clock's row lock is held from a revision's insert to its commit), so a reader
 * that sees revision n already sees every revision below n. The feed is therefore just "the
 * revisions with a sequence above the client's position, in sequence order", and a position (the
 * {@link ResumeToken} of the last change sent) is a complete description of what a client has.
 *
 * <p><b>Watch</b> sends the backlog, then each change as it commits, with gRPC flow control: a
 * stream reads its next batch ({@code corridorwatch.feed.batch-size}) from the database only
 * when the client can take more ({@link ServerCallStreamObserver#isReady()}, resumed by the
 * on-ready handler), so a slow client holds at most one batch here and slows nobody else. Reads
 * run on a few threads of the feed's own ({@code read-threads}), each a short read-only
 * transaction: a waiting stream holds no connection and no thread. A stream that has caught up
 * waits for {@link RevisionNotifications} (LISTEN on one connection per service) to report a new
 * end. A cancelled call (or one whose deadline passed) is forgotten at once; at most
 * {@code max-watchers} streams are open (RESOURCE_EXHAUSTED beyond); at shutdown every stream
 * ends with UNAVAILABLE so clients resume from their last token.
 *
 * <p>Mutiny's Multi bridge in quarkus-grpc requests every item at once (it ignores gRPC
 * readiness), so Watch is bound as a plain grpc-java server-streaming method: see
 * {@link org.corridorwatch.support.grpc.FlowControlledMethods}.
 */
@ApplicationScoped
public class ChangeFeed {

    /** ErrorInfo reason of a resume token this feed cannot continue from. */
    public static final String INVALID_RESUME_TOKEN = "INVALID_RESUME_TOKEN";
    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1000;
    /** How many reads of a page's size a filtered ListChanges call filters at most. */
    static final int FILTERED_READS = 10;

    private static final String TOKEN_FIELD = "resume_token";
    /** What a client does then (the contract says so too): the whole feed rebuilds any copy. */
    private static final String RECOVERY = " Discard what was built from it and start again from an empty"
            + " resume_token: the feed replays every revision in commit order.";

    private final GrpcErrorMapper errors;
    private final FeedConfig config;
    private final String jdbcUrl;
    private final Optional<String> username;
    private final Optional<String> password;
    private final ThreadPoolExecutor readers;
    private final Semaphore slots;
    private final Set<Watcher<?>> open = ConcurrentHashMap.newKeySet();
    /** The highest committed sequence known (notified or read): a stream at it has nothing to read. */
    private final AtomicLong knownEnd = new AtomicLong();
    private volatile RevisionNotifications notifications;
    private volatile boolean stopping;

    public ChangeFeed(GrpcErrorMapper errors, FeedConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.errors = errors;
        this.config = config;
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.slots = new Semaphore(config.maxWatchers());
        AtomicInteger threads = new AtomicInteger();
        this.readers = new ThreadPoolExecutor(config.readThreads(), config.readThreads(), 60, TimeUnit.SECONDS,
                // Unbounded in form only: each open stream queues at most one task (see Watcher.signal).
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "change-feed-reader-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        readers.allowCoreThreadTimeOut(true);
    }

    // --- ListChanges ---

    /**
     * {@code List<Resource>Changes}: the changes after the request's {@code resume_token} (all
     * when empty) that its {@code filter} selects (all when unset), oldest first, {@code
     * page_size} at most (0 = 100, coerced to 1000, negative refused); answered in {@code
     * response}'s repeated field of changes and its resume_token: the position read up to, which
     * is the feed's current end when the page reached it. Each read is one read-only snapshot, so
     * that end is exact. With a filter, up to {@link #FILTERED_READS} reads of a page's size are
     * filtered (each after its snapshot has ended: the filter needs a transaction and a connection
     * of its own), so a page may hold fewer changes (even none) while more follow: its token has
     * moved on.
     */
    public <R extends Message> R listChanges(StandardMethods<?, ?, ?> resource, Message request, R response) {
        Violations violations = new Violations();
        int size = PageSizes.resolve((Integer) field(request, "page_size"), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE,
                "page_size", violations);
        ResumeToken from = requested(resource, request, violations);
        Message filter = (Message) field(request, "filter");
        FieldDescriptor changes = response.getDescriptorForType().getFields().stream()
                .filter(f -> f.isRepeated() && f.getJavaType() == FieldDescriptor.JavaType.MESSAGE).findFirst()
                .orElseThrow();
        List<StoredRevision> page = new ArrayList<>();
        Batch batch = null;
        long readUpTo = 0;
        for (int reads = 0; page.size() < size && reads < FILTERED_READS; reads++) {
            int wanted = size - page.size();
            boolean first = batch == null;
            long after = readUpTo;
            batch = resource.readRevisions(store -> {
                FeedEnd end = store.end();
                long start = first ? position(from, end) : after;
                return new Batch(end, start, store.after(start, wanted));
            });
            page.addAll(resource.selected(filter, batch.rows()));
            readUpTo = batch.readUpTo();
            if (batch.rows().size() < wanted) {
                break; // the feed's end
            }
        }
        Message.Builder answer = response.newBuilderForType();
        for (StoredRevision row : page) {
            answer.addRepeatedField(changes, change(resource, answer.newBuilderForField(changes), row, batch.end()));
        }
        answer.setField(answer.getDescriptorForType().findFieldByName(TOKEN_FIELD),
                new ResumeToken(batch.end().feedId(), readUpTo).encode());
        @SuppressWarnings("unchecked")
        R answered = (R) answer.build();
        return answered;
    }

    // --- Watch ---

    /**
     * {@code Watch<Resources>}: streams the changes after the request's {@code resume_token} to
     * {@code observer}, each a {@code prototype}-typed {@code <Resource>Change}, until the client
     * cancels or the service stops. Returns at once; the stream is fed from the feed's threads.
     * Bind it with {@link org.corridorwatch.support.grpc.FlowControlledMethods#bind} so that the
     * observer is grpc-java's own.
     */
    public <C extends Message> void watch(StandardMethods<?, ?, ?> resource, Message request, C prototype,
            StreamObserver<C> observer) {
        ServerCallStreamObserver<C> out = (ServerCallStreamObserver<C>) observer;
        ResumeToken from;
        try {
            from = requested(resource, request, new Violations());
            if (stopping) {
                throw shuttingDown();
            }
            if (!slots.tryAcquire()) {
                throw new ApiException(Status.Code.RESOURCE_EXHAUSTED, "TOO_MANY_WATCHERS", "This service already serves"
                        + " its limit of " + config.maxWatchers() + " open watches; retry later, with backoff.",
                        Map.of("limit", Integer.toString(config.maxWatchers())), List.of());
            }
        } catch (RuntimeException refused) {
            out.onError(errors.toStatusException(refused));
            return;
        }
        Watcher<C> stream = new Watcher<>(resource, (Message) field(request, "filter"), prototype, out, from);
        open.add(stream);
        // Both handlers must be set before this method returns (grpc-java freezes them then).
        out.setOnCancelHandler(stream::cancelled);
        out.setOnReadyHandler(stream::signal);
        listen();
        if (stopping) {
            stream.end(shuttingDown());
        }
        stream.signal();
    }

    /** How many Watch streams are open now. */
    public int openStreams() {
        return open.size();
    }

    /** Where each open stream is: the sequence of the last change it sent (tests of flow control). */
    public List<Long> streamPositions() {
        return open.stream().map(stream -> stream.position).toList();
    }

    /** Ends every open stream with UNAVAILABLE (SHUTTING_DOWN) and refuses new ones: at shutdown. */
    void stop(@Observes @Priority(1) ShutdownEvent event) {
        stopping = true;
        FlowControlledStream.endAll(open, shuttingDown());
        RevisionNotifications listener = notifications;
        if (listener != null) {
            listener.stop();
        }
        readers.shutdown();
    }

    private synchronized void listen() {
        if (notifications == null && !stopping) {
            notifications = new RevisionNotifications(jdbcUrl, username, password, config.safetyPoll(), this::advance);
            notifications.start();
        }
    }

    /** A revision up to {@code sequence} has committed: wakes the streams that have not read it yet. */
    private void advance(long sequence) {
        knownEnd.accumulateAndGet(sequence, Math::max);
        for (Watcher<?> stream : open) {
            if (stream.readUpTo < sequence) {
                stream.signal();
            }
        }
    }

    // --- requests and tokens ---

    /**
     * The position a request asks to continue from (null: the beginning), after the checks that
     * need no database: the filter (List's rules) and the token's form. INVALID_ARGUMENT with
     * every violation; its reason is INVALID_RESUME_TOKEN when the token is one of them.
     */
    private static ResumeToken requested(StandardMethods<?, ?, ?> resource, Message request, Violations violations) {
        resource.validateFilter((Message) field(request, "filter"), "filter", violations);
        String token = (String) field(request, TOKEN_FIELD);
        ResumeToken from = token.isEmpty() ? null : ResumeToken.decode(token).orElse(null);
        boolean badToken = !token.isEmpty() && from == null;
        if (badToken) {
            violations.add(TOKEN_FIELD, "is not a resume token issued by this service (garbled, truncated or forged)."
                    + RECOVERY);
        }
        if (!violations.isEmpty()) {
            throw badToken ? new InvalidArgumentException(INVALID_RESUME_TOKEN, violations.list())
                    : new InvalidArgumentException(violations.list());
        }
        return from;
    }

    /** The sequence to continue after: 0 for the beginning, else the token's once it is one of this feed's. */
    private static long position(ResumeToken from, FeedEnd end) {
        if (from == null) {
            return 0;
        }
        if (!from.feedId().equals(end.feedId())) {
            throw invalidToken("belongs to another feed (another service or another database).");
        }
        if (from.sequence() > end.lastSequence()) {
            throw invalidToken("lies beyond the end of this feed: the database no longer holds the changes it"
                    + " followed (restored from an older backup?).");
        }
        return from.sequence();
    }

    private static InvalidArgumentException invalidToken(String why) {
        return new InvalidArgumentException(INVALID_RESUME_TOKEN, new Violations().add(TOKEN_FIELD, why + RECOVERY)
                .list());
    }

    private static ApiException shuttingDown() {
        return new ApiException(Status.Code.UNAVAILABLE, "SHUTTING_DOWN", "The service is shutting down; watch again"
                + " with the last resume_token received.", Map.of(), List.of());
    }

    /** {@code item} (a {@code <Resource>Change} builder) filled with the revision and its resume token. */
    private static Message change(StandardMethods<?, ?, ?> resource, Message.Builder item, StoredRevision row,
            FeedEnd end) {
        return resource.revisionItem(item, row, false)
                .setField(item.getDescriptorForType().findFieldByName(TOKEN_FIELD),
                        new ResumeToken(end.feedId(), row.sequence()).encode())
                .build();
    }

    private static Object field(Message message, String name) {
        return message.getField(message.getDescriptorForType().findFieldByName(name));
    }

    /** What one read found: the feed's end and the changes after {@code after}, from one snapshot. */
    private record Batch(FeedEnd end, long after, List<StoredRevision> rows) {

        /** The position this read reached: its last change, or, when it found none, the feed's end then. */
        long readUpTo() {
            return rows.isEmpty() ? Math.max(after, end.lastSequence()) : rows.get(rows.size() - 1).sequence();
        }
    }

    /** One open Watch stream: reads a batch when the client can take more, sends, waits for commits. */
    private final class Watcher<C extends Message> extends FlowControlledStream<C> {

        private final StandardMethods<?, ?, ?> resource;
        /** The request's List filter: the default instance selects every change. */
        private final Message filter;
        private final C prototype;
        private final ResumeToken from;
        /** Read but not yet sent: one batch at most. Touched by the steps only. */
        private final ArrayDeque<StoredRevision> pending = new ArrayDeque<>();
        private FeedEnd feed;
        /** The sequence of the last change sent (the token's before the first). */
        private volatile long position;
        /**
         * The sequence read up to: the next read starts after it. Beyond {@code position} by the
         * changes read but not sent yet, and by those the filter did not select.
         */
        private volatile long readUpTo;

        Watcher(StandardMethods<?, ?, ?> resource, Message filter, C prototype, ServerCallStreamObserver<C> out,
                ResumeToken from) {
            super(out, readers, errors);
            this.resource = resource;
            this.filter = filter;
            this.prototype = prototype;
            this.from = from;
            this.position = from == null ? 0 : from.sequence();
            this.readUpTo = position;
        }

        /**
         * Sends while the client can take more, reading a batch when none is pending and there is
         * one to read; at most one read per call. Whether there is more to read right away.
         */
        @Override
        protected boolean step() {
            boolean read = false;
            boolean fullBatch = false;
            while (!isClosed()) {
                if (!out.isReady()) {
                    return false; // the on-ready handler signals when the client has taken some
                }
                StoredRevision next = pending.poll();
                if (next == null) {
                    if (read) {
                        // A full batch read (and sent, or passed over by the filter): more may
                        // follow at once, read next turn. A shorter one reached the end: a
                        // notification signals the next commit.
                        return fullBatch;
                    }
                    if (feed != null && readUpTo >= knownEnd.get()) {
                        return false; // caught up: a notification signals
                    }
                    fullBatch = read();
                    read = true;
                    continue;
                }
                @SuppressWarnings("unchecked")
                C message = (C) change(resource, prototype.newBuilderForType(), next, feed);
                out.onNext(message);
                position = next.sequence();
            }
            return false;
        }

        /** Reads the next batch into {@code pending} (the changes the filter selects); whether it was full. */
        private boolean read() {
            Batch batch = resource.readRevisions(store -> {
                FeedEnd end = store.end();
                long after = feed == null ? position(from, end) : readUpTo;
                return new Batch(end, after, store.after(after, config.batchSize()));
            });
            feed = batch.end();
            knownEnd.accumulateAndGet(batch.end().lastSequence(), Math::max);
            pending.addAll(resource.selected(filter, batch.rows()));
            readUpTo = batch.readUpTo();
            return batch.rows().size() == config.batchSize();
        }

        @Override
        protected void release() {
            open.remove(this);
            slots.release();
        }

        @Override
        protected ApiException shuttingDown() {
            return ChangeFeed.shuttingDown();
        }
    }
}
