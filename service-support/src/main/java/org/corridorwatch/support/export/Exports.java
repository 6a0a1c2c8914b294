package org.corridorwatch.support.export;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import javax.sql.DataSource;

import org.corridorwatch.api.common.v1.ExportEnd;
import org.corridorwatch.support.errors.ApiException;
import org.corridorwatch.support.errors.GrpcErrorMapper;
import org.corridorwatch.support.feed.ResumeToken;
import org.corridorwatch.support.grpc.FlowControlledStream;
import org.corridorwatch.support.persistence.VersionedRecord;
import org.corridorwatch.support.resources.StandardMethods;
import org.corridorwatch.support.resources.StandardMethods.ExportPart;
import org.corridorwatch.support.validation.Violations;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.runtime.ShutdownEvent;

/**
 * {@code Export<Resources>} (issue 15), written once: every record a List filter selects, now or
 * at a read_time, in one server stream with no cap, then an {@link ExportEnd}.
 *
 * <p><b>One snapshot.</b> An export opens a read-only REPEATABLE READ transaction on a connection
 * of its own, and reads the records' rows on it a page at a time, on whichever reader thread is free
 * (StandardMethods.exportLive: the resource's ExportRows, plain SQL straight into messages). So
 * every page sees the same data, however long the client takes, and the token and count of the end
 * agree with it. A read_time export reads the records not changed since from their rows, then
 * restores the others from their revisions (StandardMethods.exportChanged), in short transactions
 * that join the snapshot ({@code pg_export_snapshot()}, {@code SET TRANSACTION SNAPSHOT}).
 *
 * <p><b>Flow control</b> as for Watch (ChangeFeed): records are sent only while the client can take
 * more, in messages of up to {@link #RECORDS_PER_MESSAGE}; the page after the one being sent is
 * read ahead, and no further, so two pages at most are held per export and a slow client slows
 * only itself. A cancelled call (or an expired deadline) ends the snapshot's transaction as soon as
 * the page being read, if any, is done; at shutdown every export ends with UNAVAILABLE.
 */
@ApplicationScoped
public class Exports {

    /**
     * Records in one message at most. Sending them in batches rather than one a message saves the
     * per-message work of both ends (a socket flush per message on the service's event loop; the
     * deframing and hand-over of each on the client's), which was most of an export's cost after
     * reading its rows (tools/benchmark/results/export-2026-12-04.md).
     */
    static final int RECORDS_PER_MESSAGE = 500;

    /** Bytes of records in one message at most (the first alone may be larger): far below a client's default 4 MiB. */
    static final int BYTES_PER_MESSAGE = 1 << 20;

    /** The application_name of a connection while it holds an export's snapshot (pg_stat_activity). */
    public static final String SNAPSHOT_APPLICATION_NAME = "corridorwatch-export";

    /** ErrorInfo reason when the service already serves its limit of exports. */
    public static final String TOO_MANY_EXPORTS = "TOO_MANY_EXPORTS";

    private final GrpcErrorMapper errors;
    private final ExportConfig config;
    private final DataSource dataSource;
    private final ScheduledExecutorService readers;
    private final Semaphore slots;
    private final Set<Export<?>> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    public Exports(GrpcErrorMapper errors, ExportConfig config, DataSource dataSource) {
        this.errors = errors;
        this.config = config;
        this.dataSource = dataSource;
        this.slots = new Semaphore(config.maxExports());
        AtomicInteger threads = new AtomicInteger();
        this.readers = Executors.newScheduledThreadPool(config.readThreads(), task -> {
            Thread thread = new Thread(task, "export-reader-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        long check = Math.max(1, config.maxStall().toMillis() / 10);
        readers.scheduleWithFixedDelay(this::endStalled, check, check, TimeUnit.MILLISECONDS);
    }

    /** Ends the exports whose client has taken nothing for longer than max-stall. */
    private void endStalled() {
        long now = System.nanoTime();
        for (Export<?> export : open) {
            if (now - export.lastProgress > config.maxStall().toNanos()) {
                export.end(new ApiException(Status.Code.ABORTED, "EXPORT_STALLED", "The client took nothing for "
                        + config.maxStall().toSeconds() + " s, so the export ended; export again and read steadily.",
                        Map.of(), List.of()));
            }
        }
    }

    /**
     * Streams the export an {@code Export<Resources>} request asks for ({@code filter},
     * {@code read_time}) to {@code observer}, each message a {@code prototype}-typed
     * {@code Export<Resources>Response}. Returns at once. Bind it with
     * {@link org.corridorwatch.support.grpc.FlowControlledMethods#bind} so that the observer is
     * grpc-java's own.
     */
    public <C extends Message> void export(StandardMethods<?, ?, ?> resource, Message request, C prototype,
            StreamObserver<C> observer) {
        ServerCallStreamObserver<C> out = (ServerCallStreamObserver<C>) observer;
        // Called on a gRPC event-loop thread: nothing here may block. The request is checked (its
        // read_time against the database) and the snapshot opened by the first step.
        try {
            if (stopping) {
                throw shuttingDown();
            }
            if (!slots.tryAcquire()) {
                throw new ApiException(Status.Code.RESOURCE_EXHAUSTED, TOO_MANY_EXPORTS, "This service already serves"
                        + " its limit of " + config.maxExports() + " exports; retry later, with backoff.",
                        Map.of("limit", Integer.toString(config.maxExports())), List.of());
            }
        } catch (RuntimeException refused) {
            out.onError(errors.toStatusException(refused));
            return;
        }
        Export<C> export = new Export<>(resource, request, prototype, out);
        open.add(export);
        // Both handlers must be set before this method returns (grpc-java freezes them then).
        out.setOnCancelHandler(export::cancelled);
        out.setOnReadyHandler(export::signal);
        if (stopping) {
            export.end(shuttingDown()); // stop() ran since the check above and did not see this one
        }
        export.signal();
    }

    /** How many exports are running now (tests: a cancelled one is forgotten at once). */
    public int openExports() {
        return open.size();
    }

    /** Ends every export with UNAVAILABLE (SHUTTING_DOWN) and refuses new ones: at shutdown. */
    void stop(@Observes @Priority(1) ShutdownEvent event) {
        stopping = true;
        FlowControlledStream.endAll(open, shuttingDown());
        readers.shutdown();
    }

    private static ApiException shuttingDown() {
        return new ApiException(Status.Code.UNAVAILABLE, "SHUTTING_DOWN", "The service is shutting down; export again"
                + " (or watch from the resume_token of an export that ended).", Map.of(), List.of());
    }

    private static FieldDescriptor responseField(Message response, boolean end) {
        return response.getDescriptorForType().getFields().stream()
                .filter(f -> f.getMessageType().equals(ExportEnd.getDescriptor()) == end).findFirst().orElseThrow();
    }

    private static Object field(Message message, String name) {
        return message.getField(message.getDescriptorForType().findFieldByName(name));
    }

    /**
     * The exported snapshot an export reads in, held open by a read-only transaction on a pooled
     * connection of its own, and where the change feed stands in it.
     */
    record Snapshot(Connection holder, String id, Instant time, UUID feedId, long sequence) {

        static Snapshot open(DataSource dataSource, Instant readTime, Duration maxStall) {
            Connection holder = null;
            try {
                holder = dataSource.getConnection();
                holder.setAutoCommit(false);
                try (Statement s = holder.createStatement()) {
                    s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                    // A backstop to max-stall, should this process stop answering: the database
                    // ends the transaction itself (SET LOCAL: the pooled connection keeps its own).
                    s.execute("SET LOCAL idle_in_transaction_session_timeout = '" + (maxStall.toSeconds() + 60) + "s'");
                    // What pg_stat_activity shows for the connection while it holds the snapshot.
                    s.execute("SET LOCAL application_name = '" + SNAPSHOT_APPLICATION_NAME + "'");
                }
                String id;
                Instant time;
                UUID feedId;
                long sequence;
                try (Statement s = holder.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_export_snapshot(),"
                        + " feed_id::text, last_sequence, CASE WHEN last_sequence = 0 THEN statement_timestamp()"
                        + " ELSE last_commit_time END FROM revision_clock")) {
                    rs.next();
                    id = rs.getString(1);
                    feedId = UUID.fromString(rs.getString(2));
                    sequence = rs.getLong(3);
                    time = rs.getObject(4, OffsetDateTime.class).toInstant();
                }
                if (readTime != null) {
                    // The feed's position at the read time: the last revision committed by then.
                    try (PreparedStatement s = holder.prepareStatement(
                            "SELECT coalesce(max(sequence), 0) FROM revisions WHERE commit_time <= ?")) {
                        s.setObject(1, readTime.atOffset(ZoneOffset.UTC));
                        try (ResultSet rs = s.executeQuery()) {
                            rs.next();
                            sequence = rs.getLong(1);
                        }
                    }
                    time = readTime;
                }
                return new Snapshot(holder, id, time, feedId, sequence);
            } catch (SQLException e) {
                close(holder);
                throw new IllegalStateException("could not open an export's snapshot: " + e.getMessage(), e);
            }
        }

        void close() {
            close(holder);
        }

        private static void close(Connection connection) {
            if (connection == null) {
                return;
            }
            try {
                connection.rollback(); // back to the pool with no transaction open
                connection.setAutoCommit(true);
            } catch (SQLException gone) {
                // closed below either way
            }
            try {
                connection.close();
            } catch (SQLException gone) {
                // nothing left to release
            }
        }
    }

    /** One running export: reads a page when the client can take more, sends, ends with its end. */
    private final class Export<C extends Message> extends FlowControlledStream<C> {

        private final StandardMethods<?, ?, ?> resource;
        private final Message request;
        private final Message filter;
        private final C prototype;
        private final FieldDescriptor resourceField;
        private final FieldDescriptor endField;
        /** Read but not yet sent: one page at most (the next may be being read ahead). Touched by the steps only. */
        private final ArrayDeque<Message> pending = new ArrayDeque<>();
        /** Set by the first step (null before, and when the request was refused). Touched by the steps only. */
        private Instant readTime;
        private volatile Snapshot snapshot;
        private final AtomicBoolean snapshotClosed = new AtomicBoolean();
        /** When the client last took a message (or the export began), for max-stall. */
        private volatile long lastProgress = System.nanoTime();
        /** Reading the records' rows (by id), then (read_time only) the records changed since, then done. */
        private boolean readingRows = true;
        private boolean readingChanged;
        private String afterId;
        /** The page of rows after {@code afterId} being read ahead, or null. Touched by the steps only. */
        private CompletableFuture<List<? extends Message>> nextRows;
        /** The last page read ahead (done or not), for release(), on any thread. */
        private volatile CompletableFuture<?> reading = CompletableFuture.completedFuture(null);
        private long afterSequence;
        private long count;

        Export(StandardMethods<?, ?, ?> resource, Message request, C prototype, ServerCallStreamObserver<C> out) {
            super(out, readers, errors);
            this.resource = resource;
            this.request = request;
            this.filter = (Message) field(request, "filter");
            this.prototype = prototype;
            // The response's two fields: the records (repeated), and the end.
            this.resourceField = responseField(prototype, false);
            this.endField = responseField(prototype, true);
        }

        /** Sends while the client can take more, taking at most one page; whether to go on at once. */
        @Override
        protected boolean step() {
            boolean read = false;
            while (!isClosed()) {
                if (snapshot == null) {
                    begin();
                    continue;
                }
                if (!out.isReady()) {
                    return false; // the on-ready handler signals when the client has taken some
                }
                if (!pending.isEmpty()) {
                    out.onNext(nextBatch());
                    lastProgress = System.nanoTime();
                    continue;
                }
                if (!readingRows && !readingChanged) {
                    out.onNext(end(ExportEnd.newBuilder().setCount(count)
                            .setSnapshotTime(VersionedRecord.timestamp(snapshot.time()))
                            .setResumeToken(new ResumeToken(snapshot.feedId(), snapshot.sequence()).encode()).build()));
                    complete();
                    return false;
                }
                if (read) {
                    return true;
                }
                if (!readPage()) {
                    return false; // the page being read signals when it is there
                }
                read = true;
            }
            return false;
        }

        /**
         * Checks the request (INVALID_ARGUMENT with every violation) and opens the snapshot. A
         * cancel meanwhile closes it at once: it is stored before the stream's state is looked at again.
         */
        private void begin() {
            Violations violations = new Violations();
            resource.validateFilter(filter, "filter", violations);
            readTime = resource.readTime(request, violations);
            violations.throwIfAny();
            snapshot = Snapshot.open(dataSource, readTime, config.maxStall());
            if (isClosed()) {
                closeSnapshot(); // cancelled while it opened: release() may have found none to close
            }
        }

        /**
         * Takes the next page into {@code pending}; false when it is still being read (its reader
         * signals when it is done). A page of the records' rows is read ahead: the next one is
         * read on another reader thread while this one is sent, so the database, the mapping and
         * the sending overlap (one page read ahead at most: two held at most).
         */
        private boolean readPage() {
            int size = config.batchSize();
            if (readingRows) {
                if (nextRows == null) {
                    nextRows = readAhead(afterId, size);
                }
                if (!nextRows.isDone()) {
                    nextRows.whenComplete((rows, failure) -> signal()); // (again, if a signal woke this step first: harmless)
                    return false;
                }
                List<? extends Message> rows = taken(nextRows);
                nextRows = null;
                pending.addAll(rows);
                if (!rows.isEmpty()) {
                    String name = (String) field(rows.get(rows.size() - 1), "name");
                    afterId = name.substring(name.indexOf('/') + 1);
                }
                readingRows = rows.size() == size;
                readingChanged = !readingRows && readTime != null;
                if (readingRows) {
                    nextRows = readAhead(afterId, size);
                }
            } else {
                ExportPart<? extends Message> part = resource.exportChanged(snapshot.id(), filter, readTime,
                        afterSequence, size);
                pending.addAll(part.resources());
                afterSequence = part.lastSequence();
                readingChanged = part.more();
            }
            return true;
        }

        /**
         * Reads the page of rows after {@code after} on a reader thread, on the snapshot's own
         * connection: the pages are read one after the other, never two at once.
         */
        private CompletableFuture<List<? extends Message>> readAhead(String after, int size) {
            // Published before the read can start: release() then either sees it, and waits for it
            // before closing the connection, or ran first, and the read sees the export closed.
            CompletableFuture<List<? extends Message>> page = new CompletableFuture<>();
            reading = page;
            try {
                readers.execute(() -> {
                    if (isClosed()) {
                        page.complete(List.of()); // ended meanwhile: nothing to read, and the connection may be gone
                        return;
                    }
                    try {
                        page.complete(resource.exportLive(snapshot.holder(), filter, readTime, after, size));
                    } catch (Throwable e) { // whatever it is, the page must complete: release() waits for it
                        page.completeExceptionally(e instanceof SQLException ? new IllegalStateException(
                                "could not read an export's page: " + e.getMessage(), e) : e);
                    }
                });
            } catch (RejectedExecutionException stopped) {
                page.complete(List.of());
                throw Exports.shuttingDown();
            }
            return page;
        }

        /** A page read ahead, or the failure that reading it threw (mapped as if thrown here). */
        private static List<? extends Message> taken(CompletableFuture<List<? extends Message>> page) {
            try {
                return page.join();
            } catch (CompletionException failed) {
                if (failed.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw failed;
            }
        }

        /**
         * The next message of records, taken from those read: up to {@link #RECORDS_PER_MESSAGE},
         * and no more than {@link #BYTES_PER_MESSAGE} of them unless the first alone is larger.
         */
        @SuppressWarnings("unchecked")
        private C nextBatch() {
            Message.Builder batch = prototype.newBuilderForType();
            int records = 0;
            long bytes = 0;
            while (!pending.isEmpty() && records < RECORDS_PER_MESSAGE) {
                int size = pending.peek().getSerializedSize(); // memoized: serializing it again costs nothing more
                if (records > 0 && bytes + size > BYTES_PER_MESSAGE) {
                    break;
                }
                batch.addRepeatedField(resourceField, pending.poll());
                records++;
                bytes += size;
            }
            count += records;
            return (C) batch.build();
        }

        @SuppressWarnings("unchecked")
        private C end(ExportEnd end) {
            return (C) prototype.newBuilderForType().setField(endField, end).build();
        }

        @Override
        protected void release() {
            open.remove(this);
            slots.release();
            // The snapshot's connection is also the one the page being read uses: it is closed when
            // that read is done (the database work stops after the page being read), never under it.
            reading.whenComplete((page, failure) -> {
                try {
                    // Not on the caller's thread: a cancel arrives on a gRPC thread, which must not wait on JDBC.
                    readers.execute(this::closeSnapshot);
                } catch (RejectedExecutionException stopped) {
                    closeSnapshot();
                }
            });
        }

        /** Ends the snapshot's transaction, once, whichever of a cancel and the first step gets here first. */
        private void closeSnapshot() {
            Snapshot opened = snapshot;
            if (opened != null && snapshotClosed.compareAndSet(false, true)) {
                opened.close();
            }
        }

        @Override
        protected ApiException shuttingDown() {
            return Exports.shuttingDown();
        }
    }
}
