package org.corridorwatch.testing;

import static org.corridorwatch.testing.StandardCalls.field;
import static org.corridorwatch.testing.StandardCalls.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.corridorwatch.api.common.v1.ChangeKind;
import org.corridorwatch.api.common.v1.ExportEnd;
import org.corridorwatch.api.common.v1.RevisionInfo;
import org.corridorwatch.support.export.Exports;
import org.corridorwatch.support.feed.ChangeFeed;
import org.corridorwatch.support.feed.ResumeToken;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.api.FieldBehavior;
import com.google.api.FieldBehaviorProto;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.quarkus.arc.Arc;

/**
 * The change feed as every service serves it (service-support's ChangeFeed, issue 14):
 * {@code List<Resource>Changes} and {@code Watch<Resources>}, called by their standard names
 * through the service's descriptor over a real socket, against the real revision store. The
 * guarantee the contract states is proven twice: deterministically, with two transactions held
 * open over JDBC that commit out of their start order, and under load, with writers racing a
 * watcher that disconnects and resumes at random moments.
 *
 * <p>Needs {@code corridorwatch.feed.max-watchers} small in tests (each service sets it in its
 * %test profile), so that the limit can be reached.
 *
 * @param <P> the resource message
 */
public abstract class FeedCases<P extends Message> {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A channel to the app under test. */
    protected abstract Channel channel();

    /** The service under test. */
    protected abstract ServiceDescriptor service();

    /** A valid new resource (name and output-only fields unset). */
    protected abstract P newResource();

    /** A valid record with every field a client can set, set (the resource's complete() fixture). */
    protected abstract P completeResource();

    /** A single-line text field an update may change, e.g. "title". */
    protected abstract String textField();

    /** The service's database: the revision store is read, and written, straight over JDBC. */
    protected abstract DataSource dataSource();

    /** A List filter that selects {@link #newResource()} and not {@link #notSelected()}. */
    protected abstract Message filter();

    /** A valid new resource the {@link #filter()} does not select. */
    protected abstract P notSelected();

    /**
     * The top-level field, one an update may change, in which {@link #notSelected()} differs from
     * {@link #newResource()} so that the filter passes it over.
     */
    protected abstract String filteredField();

    /** A List filter that List refuses. */
    protected abstract Message invalidFilter();

    // --- ListChanges ---

    @Test
    void listChangesPagesOldestFirstEachWithItsTokenAndEndsAtTheFeedsEnd() throws Exception {
        String start = endToken();
        List<String> names = List.of(name(create()), name(create()), name(create()));

        Message first = listChanges(start, 2);
        List<Message> page = changes(first);
        assertEquals(names.subList(0, 2), page.stream().map(this::resourceName).toList());
        assertTrue(sequence(page.get(0)) < sequence(page.get(1)));
        assertEquals(token(page.get(1)), responseToken(first));
        for (Message change : page) {
            assertEquals(sequence(change), decode(token(change)).sequence(), "a change's token is its own position");
            assertEquals(ResumeToken.decode(start).orElseThrow().feedId(), decode(token(change)).feedId());
        }
        Message second = listChanges(responseToken(first), 2);
        assertEquals(names.subList(2, 3), changes(second).stream().map(this::resourceName).toList());
        // Caught up: no changes, and the token is the feed's end, where the next change follows.
        Message third = listChanges(responseToken(second), 0);
        assertEquals(List.of(), changes(third));
        assertEquals(endToken(), responseToken(third));
        String later = name(create());
        assertEquals(List.of(later), changes(listChanges(responseToken(third), 0)).stream().map(this::resourceName)
                .toList());
    }

    @Test
    void listChangesPageSizeDefaultsTo100IsCoercedTo1000AndMustNotBeNegative() throws Exception {
        assertTrue(changes(listChanges("", 0)).size() <= ChangeFeed.DEFAULT_PAGE_SIZE);
        assertTrue(changes(listChanges("", 5000)).size() <= ChangeFeed.MAX_PAGE_SIZE);
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> listChanges("", -1));
        assertEquals(Set.of("page_size"), GrpcErrors.violatedFields(e));
    }

    @Test
    void anEmptyTokenStartsWithTheFirstChangeEverRecorded() throws Exception {
        List<Message> firsts = changes(listChanges("", 1));
        assertEquals(firstSequence(), sequence(firsts.get(0)));
    }

    // --- bad requests ---

    @Test
    void aTokenFromAnotherFeedGarbledForgedOrBeyondTheEndIsInvalidResumeToken() throws Exception {
        ResumeToken end = decode(endToken());
        String valid = end.encode();
        List<String> bad = List.of(
                "not-a-token",
                new ResumeToken(UUID.randomUUID(), 1).encode(), // another service's or database's feed
                new ResumeToken(end.feedId(), end.sequence() + 1000).encode(), // beyond the end
                valid.substring(0, valid.length() - 2) + (valid.endsWith("AA") ? "BA" : "AA"), // checksum broken
                valid.substring(0, 10)); // truncated
        for (String token : bad) {
            assertInvalidResumeToken(() -> listChanges(token, 0), token);
            assertInvalidResumeToken(() -> firstOfWatch(token), token);
        }
    }

    @Test
    void aFilterListWouldRefuseIsInvalidArgumentOnTheFiltersFields() {
        for (String method : List.of(listChangesMethod(), watchMethod())) {
            Message built = calls.request(method).setField(calls.requestField(method, "filter"), invalidFilter()).build();
            StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> {
                if (method.equals(watchMethod())) {
                    firstOfWatch(built);
                } else {
                    calls.call(method, built);
                }
            });
            Set<String> fields = GrpcErrors.violatedFields(e);
            assertFalse(fields.isEmpty());
            assertTrue(fields.stream().allMatch(field -> field.startsWith("filter.")), fields::toString);
        }
    }

    // --- filtered feeds ---

    /**
     * A filter sends the changes of the records it selects (a deletion as the record it removed),
     * and an update that takes a record out of it; nothing of the others. Pages and Watch agree,
     * and a filtered page's token moves past what it passed over, to the feed's end.
     */
    @Test
    void aFilterSendsTheChangesOfTheRecordsItSelectsAndOfRecordsLeavingIt() throws Exception {
        String start = endToken();
        P selected = create(newResource());
        P other = create(notSelected());
        P retitled = update(selected, "Retitled while selected");
        update(other, "Retitled while passed over");
        P leaving = updateField(retitled, filteredField(), notSelected());
        update(leaving, "Retitled after leaving");
        P deleted = create(newResource());
        delete(deleted);
        List<Message> all = changes(listChanges(start, 1000));
        assertEquals(8, all.size());
        List<Long> expected = List.of(0, 2, 4, 6, 7).stream().map(i -> sequence(all.get(i))).toList();

        List<Long> paged = new ArrayList<>();
        String token = start;
        for (int reads = 0; reads < 20; reads++) {
            Message page = listChanges(token, 2, filter());
            changes(page).forEach(change -> paged.add(sequence(change)));
            if (responseToken(page).equals(token)) {
                break;
            }
            token = responseToken(page);
        }
        assertEquals(expected, paged);
        assertEquals(endToken(), token, "the token moved past the changes passed over, to the feed's end");
        assertEquals(name(leaving), resourceName(all.get(4)));
        assertEquals(ChangeKind.CHANGE_KIND_DELETED, info(all.get(7)).getChangeKind());

        try (Watcher watcher = new Watcher(watchRequest(start, filter()))) {
            List<Long> watched = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                watched.add(sequence(watcher.next()));
            }
            assertEquals(expected, watched);
            create(notSelected());
            P live = create(newResource());
            assertEquals(name(live), resourceName(watcher.next()), "the record passed over is not sent");
            assertNull(watcher.poll(Duration.ofMillis(300)));
        }
    }

    /**
     * A backlog longer than a Watch batch that the filter passes over entirely does not stall the
     * stream (it reads on at once, long before the safety poll), and a filtered page that found
     * nothing in the changes it may read still moves its token on.
     */
    @Test
    void aLongRunOfChangesTheFilterPassesOverNeitherStallsWatchNorHoldsAPagesToken() throws Exception {
        int batch = ConfigProvider.getConfig().getValue("corridorwatch.feed.batch-size", Integer.class);
        String start = endToken();
        P other = create(notSelected());
        for (int i = 0; i <= batch; i++) {
            other = update(other, "Passed over " + i);
        }
        P selected = create(newResource());

        Message page = listChanges(start, 2, filter());
        assertEquals(List.of(), changes(page), "a page filters at most 10 x page_size changes");
        assertTrue(decode(responseToken(page)).sequence() > decode(start).sequence());
        try (Watcher watcher = new Watcher(watchRequest(start, filter()))) {
            Message first = watcher.poll(Duration.ofSeconds(5));
            assertNotNull(first, "stalled on a batch the filter passed over");
            assertEquals(name(selected), resourceName(first));
        }
    }

    // --- Export (issue 15): the copy the feed continues ---

    @Test
    void anExportSendsEveryRecordListShowsOnceThenTheEndWhereTheFeedContinues() throws Exception {
        create();
        create();
        String end = endToken();
        Exported exported = export(exportRequest(null, null));

        assertEquals(listAll(null, null).keySet(), exported.names(), "what List shows, each once");
        assertEquals(exported.resources().size(), exported.end().getCount());
        assertEquals(end, exported.end().getResumeToken(), "nobody wrote since: the feed's end");
        P later = create();
        assertEquals(List.of(name(later)), changes(listChanges(exported.end().getResumeToken(), 0)).stream()
                .map(this::resourceName).toList());
    }

    /**
     * One snapshot however many pages (tests read pages of 5): records changed while the export
     * runs appear as they stood when it began, a record created meanwhile does not, and the feed
     * from the end's token brings exactly those changes. The client's tiny flow-control window
     * holds the service back after a few dozen records, so most pages are read after the writes.
     */
    @Test
    void anExportIsOneSnapshotWhileOthersWriteAndTheFeedBringsTheRest() throws Exception {
        List<P> before = new ArrayList<>();
        for (int i = 0; i < EXPORT_RECORDS; i++) {
            before.add(create());
        }
        ManagedChannel narrow = narrowChannel();
        Context.CancellableContext context = Context.current().withCancellation();
        try {
            Iterator<Message> stream = context.call(() -> ClientCalls.blockingServerStreamingCall(narrow,
                    exportMethod(), options().withDeadlineAfter(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                    exportRequest(null, null)));
            List<Message> items = new ArrayList<>();
            items.add(stream.next()); // the export has begun: its snapshot is taken
            List<String> written = new ArrayList<>();
            for (P record : before) {
                written.add(name(update(record, "Retitled during the export")));
            }
            written.add(name(create()));
            stream.forEachRemaining(items::add);

            Message endItem = items.remove(items.size() - 1);
            ExportEnd end = (ExportEnd) endItem.getField(endItem.getDescriptorForType().findFieldByName("end"));
            List<P> sent = items.stream().flatMap(item -> exportedResources(item).stream()).toList();
            Map<String, P> exported = new LinkedHashMap<>();
            sent.forEach(record -> exported.put(name(record), record));
            assertEquals(sent.size(), exported.size(), "each record once");
            assertEquals(sent.size(), end.getCount());
            assertTrue(items.size() > 1, "the page size of 5 spreads the export over many messages");
            for (P record : before) {
                assertEquals(record, exported.get(name(record)), "as it stood when the export began");
            }
            assertFalse(exported.containsKey(written.get(written.size() - 1)), "created after the snapshot");
            assertEquals(written, changes(listChanges(end.getResumeToken(), 1000)).stream().map(this::resourceName)
                    .toList(), "the feed from the end's token: exactly what the export does not hold");
        } finally {
            context.cancel(null);
            narrow.shutdownNow();
        }
    }

    /**
     * An export may read its records with SQL of its own (ExportRows) where Get and List go through
     * the entities: a record with every field a client can set comes out of it exactly as List
     * gives it, and so does one without its optional fields. The complete record is first checked to
     * set every such field (in nested messages too), so that a field added to the contract and the
     * fixture but not to the export's SQL fails here.
     */
    @Test
    void anExportGivesEveryFieldAsListDoes() throws Exception {
        P complete = completeResource();
        assertEquals(List.of(), unsetFields(complete, ""), "the complete fixture sets every field a client can set");
        // Adjacent ids, with a deleted record (and its child rows) between them: an export of every
        // record reads child rows by id range, and must leave the deleted one's out.
        String ids = "zz-" + UUID.randomUUID().toString().substring(0, 8);
        String completeName = name(create(complete, ids + "-a"));
        delete(create(complete, ids + "-b"));
        String otherName = name(create(newResource(), ids + "-c"));
        Map<String, P> listed = listAll(null, null);
        Map<String, Message> exported = export(exportRequest(null, null)).byName();
        assertEquals(listed.get(completeName), exported.get(completeName));
        assertEquals(listed.get(otherName), exported.get(otherName));
        assertEquals(listed.keySet(), exported.keySet(), "the deleted record is not exported");
    }

    /**
     * The fields a client can set that {@code message} leaves unset, by path: in a repeated
     * message field, of its first element; in our own nested messages, not in Google's.
     */
    private static List<String> unsetFields(Message message, String prefix) {
        List<String> unset = new ArrayList<>();
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            List<FieldBehavior> behaviours = field.getOptions().getExtension(FieldBehaviorProto.fieldBehavior);
            if (behaviours.contains(FieldBehavior.OUTPUT_ONLY) || behaviours.contains(FieldBehavior.IDENTIFIER)
                    || field.getName().equals("etag")) {
                continue; // the service's to set
            }
            String path = prefix + field.getName();
            boolean set = field.isRepeated() ? message.getRepeatedFieldCount(field) > 0
                    : field.hasPresence() ? message.hasField(field) : !message.getField(field).equals(field.getDefaultValue());
            if (!set) {
                unset.add(path);
            } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                    && !field.getMessageType().getFullName().startsWith("google.")) {
                // Google's types (Date, Money, LatLng) are values: a partial date has no day, an amount often no nanos.
                Message value = (Message) (field.isRepeated() ? message.getRepeatedField(field, 0) : message.getField(field));
                unset.addAll(unsetFields(value, path + "."));
            }
        }
        return unset;
    }

    /** Records an export test creates: well over what a narrow window lets the service send ahead. */
    private static final int EXPORT_RECORDS = 100;

    /**
     * A channel to the service whose HTTP/2 flow-control window is 1 KiB: an export stream stops
     * being ready on the service after about 32 KiB (gRPC's threshold) and the window, so the
     * service reads its next pages only as this client takes records.
     */
    private ManagedChannel narrowChannel() {
        return NettyChannelBuilder.forTarget(channel().authority()).usePlaintext().flowControlWindow(1024).build();
    }

    @Test
    void anExportAtAReadTimeWithAFilterHoldsWhatListShowedThen() throws Exception {
        P selected = create(newResource());
        create(notSelected());
        Timestamp readTime = now();
        update(selected, "Retitled after the read time");
        P later = create(newResource());
        P deletedLater = create(newResource());
        delete(deletedLater);

        Exported exported = export(exportRequest(filter(), readTime));
        Map<String, P> listed = listAll(filter(), readTime);
        assertEquals(listed.keySet(), exported.names());
        assertEquals(selected, exported.byName().get(name(selected)), "as it stood then");
        assertFalse(exported.names().contains(name(later)));
        assertTrue(exported.resources().stream().allMatch(r -> listed.get(name(r)).equals(r)));
        // The feed from the end's token: the changes after the read time.
        List<Message> after = changes(listChanges(exported.end().getResumeToken(), 1000));
        P retitled = resourceOf(after.get(0));
        assertEquals("Retitled after the read time", retitled.getField(field(retitled, textField())));
        assertTrue(compare(info(after.get(0)).getCommitTime(), readTime) > 0);
        assertEquals(readTime, exported.end().getSnapshotTime());
    }

    @Test
    void aCancelledExportEndsItsSnapshotAtOnce() throws Exception {
        for (int i = listAll(null, null).size(); i < EXPORT_RECORDS; i++) {
            create();
        }
        Exports exports = Arc.container().instance(Exports.class).get();
        ManagedChannel narrow = narrowChannel();
        Context.CancellableContext context = Context.current().withCancellation();
        try {
            Iterator<Message> stream = context.call(() -> ClientCalls.blockingServerStreamingCall(narrow,
                    exportMethod(), options().withDeadlineAfter(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                    exportRequest(null, null)));
            stream.next();
            assertEquals(1, exports.openExports(), "held back by the narrow window, the export is still running");
            assertEquals(1, exportSnapshotsHeld());
            context.cancel(null);
            Await.until("the cancelled export is forgotten", WAIT, () -> exports.openExports() == 0);
            Await.until("its snapshot's transaction ended", WAIT, () -> exportSnapshotsHeld() == 0);
        } finally {
            narrow.shutdownNow();
        }
    }

    /**
     * An export cancelled after its first message, while its next page is being read on the
     * snapshot's connection, gives that connection back to the pool clean, only once the read is
     * done: many such exports in a row, then a whole one, all succeed.
     */
    @Test
    void exportsCancelledWhileReadingLeaveTheirConnectionsClean() throws Exception {
        for (int i = listAll(null, null).size(); i < EXPORT_RECORDS; i++) {
            create();
        }
        Exports exports = Arc.container().instance(Exports.class).get();
        for (int i = 0; i < 20; i++) {
            Context.CancellableContext context = Context.current().withCancellation();
            Iterator<Message> stream = context.call(() -> ClientCalls.blockingServerStreamingCall(channel(),
                    exportMethod(), options().withDeadlineAfter(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                    exportRequest(null, null)));
            stream.next();
            context.cancel(null);
            Await.until("the cancelled export is forgotten", WAIT, () -> exports.openExports() == 0);
        }
        Await.until("every snapshot's transaction ended", WAIT, () -> exportSnapshotsHeld() == 0);
        assertEquals(listAll(null, null).keySet(), export(exportRequest(null, null)).names());
    }

    @Test
    void anExportWithABadFilterOrAFutureReadTimeIsRefused() {
        java.time.Instant later = java.time.Instant.now().plusSeconds(3600);
        Timestamp future = Timestamp.newBuilder().setSeconds(later.getEpochSecond()).build();
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> export(exportRequest(invalidFilter(),
                future)));
        Set<String> fields = GrpcErrors.violatedFields(e);
        assertTrue(fields.contains("read_time"), fields::toString);
        assertTrue(fields.stream().filter(f -> !f.equals("read_time")).allMatch(f -> f.startsWith("filter.")),
                fields::toString);
    }

    // --- Watch ---

    @Test
    void watchSendsTheBacklogThenEachChangeAsItCommits() throws Exception {
        String start = endToken();
        P a = create();
        P b = create();
        try (Watcher watcher = new Watcher(start)) {
            assertEquals(name(a), resourceName(watcher.next()));
            Message second = watcher.next();
            assertEquals(name(b), resourceName(second));
            assertNull(watcher.poll(Duration.ofMillis(300)), "nothing more has committed");
            P c = create();
            Message live = watcher.next();
            assertEquals(name(c), resourceName(live));
            assertTrue(sequence(live) > sequence(second));
            assertEquals(sequence(live), decode(token(live)).sequence());
            P updated = update(c, "Retitled while watched");
            Message update = watcher.next();
            assertEquals(updated, resourceOf(update), "the resource as it stood after the change, by its plain name");
            assertEquals(List.of(textField()), info(update).getChangedFields().getPathsList());
        }
    }

    @Test
    void aCancelledOrExpiredWatchFreesItsSlotAndTheLimitHolds() throws Exception {
        ChangeFeed feed = Arc.container().instance(ChangeFeed.class).get();
        Await.until("no watch is open", WAIT, () -> feed.openStreams() == 0);
        int limit = ConfigProvider.getConfig().getValue("corridorwatch.feed.max-watchers", Integer.class);
        String end = endToken();
        List<Watcher> watchers = new ArrayList<>();
        try {
            for (int i = 0; i < limit; i++) {
                watchers.add(new Watcher(end));
            }
            Await.until("every watch is open", WAIT, () -> feed.openStreams() == limit);
            StatusRuntimeException e = assertFails(Status.Code.RESOURCE_EXHAUSTED, () -> firstOfWatch(end));
            assertEquals("TOO_MANY_WATCHERS", GrpcErrors.errorInfo(e).getReason());

            watchers.remove(0).close(); // the client cancels: its slot is free at once
            Await.until("the cancelled watch is forgotten", WAIT, () -> feed.openStreams() == limit - 1);
            try (Watcher replacement = new Watcher(end)) {
                Await.until("the new watch is open", WAIT, () -> feed.openStreams() == limit);
            }
        } finally {
            watchers.forEach(Watcher::close);
        }
        Await.until("every cancelled watch is forgotten", WAIT, () -> feed.openStreams() == 0);
        // A deadline ends a watch too, and frees its slot.
        Message fromTheEnd = watchRequest(endToken());
        assertFails(Status.Code.DEADLINE_EXCEEDED, () -> ClientCalls.blockingServerStreamingCall(channel(),
                watch(), options().withDeadlineAfter(500, TimeUnit.MILLISECONDS), fromTheEnd).hasNext());
        Await.until("the expired watch is forgotten", WAIT, () -> feed.openStreams() == 0);
    }

    /**
     * A client that stops reading holds back its own stream: the service reads the feed for it
     * only as fast as gRPC flow control lets the changes out (HTTP/2's window, then the call's
     * outbound buffer), so it holds one batch at most, and another watcher still gets its change.
     */
    @Test
    void aStalledWatcherHoldsBackOnlyItsOwnStream() throws Exception {
        String start = endToken();
        String id = calls.id(create());
        // About 2 MB of changes: far more than the client's flow-control window (1 MiB in grpc-java)
        // and the server's outbound buffer let through to a client that reads nothing.
        try (Connection tx = dataSource().getConnection()) {
            tx.setAutoCommit(false);
            for (int i = 0; i < 2000; i++) {
                appendRevision(tx, id, "bulk " + i + " " + "x".repeat(400));
            }
            tx.commit();
        }
        ChangeFeed feed = Arc.container().instance(ChangeFeed.class).get();
        Await.until("no watch is open", WAIT, () -> feed.openStreams() == 0);
        // Asks for one message only, then never for more.
        ClientCall<Message, Message> stalled = channel().newCall(watch(), options());
        AtomicInteger received = new AtomicInteger();
        stalled.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(Message message) {
                received.incrementAndGet();
            }
        }, new Metadata());
        stalled.sendMessage(watchRequest(start));
        stalled.halfClose();
        stalled.request(1);
        try (Watcher other = new Watcher(endToken())) {
            P created = create();
            assertEquals(name(created), resourceName(other.next()));
            Thread.sleep(1000); // time enough to read the whole backlog, were the stall ignored
            long end = lastSequence();
            long stalledAt = feed.streamPositions().stream().mapToLong(Long::longValue).min().orElseThrow();
            assertTrue(end - stalledAt > 500, "the stalled stream went on to " + stalledAt + " of " + end);
            assertEquals(1, received.get(), "the stalled client got only what it asked for");
        } finally {
            stalled.cancel("done", null);
        }
    }

    // --- the guarantee ---

    /**
     * Transaction A starts first and writes its record first, but appends its revision second; B
     * appends first. Revisions are numbered when appended, and the clock row B holds from its
     * append to its commit makes A wait: so B commits first with the lower number, and A's number
     * follows it. A reader that has already received B's change (and so passed B's number) still
     * receives A's afterwards, once; ListChanges agrees.
     */
    @Test
    void aChangeCommittedAfterALaterStartedOneIsNeverSkippedNorRepeated() throws Exception {
        String a = calls.id(create());
        String b = calls.id(create());
        String start = endToken();
        String table = ConfigProvider.getConfig().getValue("quarkus.flyway.placeholders.resource_table", String.class);
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (Watcher watcher = new Watcher(start); Connection txA = dataSource().getConnection();
                Connection txB = dataSource().getConnection()) {
            txA.setAutoCommit(false);
            txB.setAutoCommit(false);
            touch(txA, table, a); // A starts first and writes its record
            touch(txB, table, b);
            appendRevision(txB, b, "B appends first"); // B takes the clock
            Future<?> aAppends = background.submit(() -> {
                appendRevision(txA, a, "A appends second");
                return null;
            });
            assertThrows(TimeoutException.class, () -> aAppends.get(500, TimeUnit.MILLISECONDS),
                    "A's append waits for B's commit");
            assertNull(watcher.poll(Duration.ofMillis(300)), "nothing has committed yet");

            txB.commit();
            Message first = watcher.next();
            assertEquals(b, calls.id(resourceOf(first)));
            aAppends.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNull(watcher.poll(Duration.ofMillis(500)), "A has its number but has not committed");
            assertEquals(List.of(b), idsOf(changes(listChanges(start, 0))));

            txA.commit();
            Message second = watcher.next();
            assertEquals(a, calls.id(resourceOf(second)));
            assertEquals(sequence(first) + 1, sequence(second), "numbered in commit order, without a gap");
            assertTrue(Timestamps.compare(info(first).getCommitTime(), info(second).getCommitTime()) < 0);
            assertNull(watcher.poll(Duration.ofMillis(500)), "nothing twice");
            // Pages see the same order, and a reader resuming after B's change gets A's.
            assertEquals(List.of(b, a), idsOf(changes(listChanges(start, 0))));
            assertEquals(List.of(a), idsOf(changes(listChanges(token(first), 0))));
        } finally {
            background.shutdownNow();
        }
    }

    /**
     * Several writers make about a thousand changes while one watcher disconnects (cancels, or lets
     * its deadline pass) at random moments and resumes with the last token it received. It ends
     * with exactly the rows of the revision store, in order: none missing, none twice. One writer
     * goes through the API (creates and updates); the others write over JDBC as the engine does
     * (the record, then its revision last), one to three revisions a transaction, some waiting
     * between the two so that transactions overlap and commit out of their start order, some
     * rolled back after their append (their numbers are given back, never sent).
     */
    @Test
    void writersRacingAResumingWatcherLeaveItWithExactlyTheRevisionStore() throws Exception {
        int jdbcWriters = 3;
        long stopWritingAt = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String table = ConfigProvider.getConfig().getValue("quarkus.flyway.placeholders.resource_table", String.class);
        List<List<String>> records = new ArrayList<>();
        for (int w = 0; w < jdbcWriters; w++) {
            records.add(List.of(calls.id(create()), calls.id(create()), calls.id(create())));
        }
        ExecutorService pool = Executors.newFixedThreadPool(jdbcWriters + 1);
        List<Future<Integer>> done = new ArrayList<>();
        done.add(pool.submit(() -> writeThroughTheApi(100, stopWritingAt)));
        for (List<String> mine : records) {
            done.add(pool.submit(() -> writeOverJdbc(table, mine, 300, stopWritingAt)));
        }
        List<Long> received = new ArrayList<>();
        int sessions = 0;
        String token = "";
        try {
            boolean writing = true;
            while (true) {
                boolean finalPass = !writing;
                sessions++;
                token = session(token, received, finalPass);
                if (finalPass) {
                    break;
                }
                writing = !done.stream().allMatch(Future::isDone);
            }
            int made = 0;
            for (Future<Integer> writer : done) {
                made += writer.get();
            }
            System.out.printf("%s: %d writers made %d changes%n", getClass().getSimpleName(), jdbcWriters + 1, made);
            assertTrue(made >= 500, "the writers made only " + made + " changes");
        } finally {
            pool.shutdownNow();
        }
        List<Long> store = sequences("SELECT sequence FROM revisions ORDER BY sequence");
        assertEquals(store.size(), received.size(), "received " + received.size() + " changes in " + sessions
                + " sessions; the store holds " + store.size());
        assertEquals(store, received);
        System.out.printf("%s: the watcher received all %d revisions in %d sessions%n", getClass().getSimpleName(),
                received.size(), sessions);
        assertTrue(sessions > 5, "the watcher resumed only " + sessions + " times");
    }

    /** Creates and updates through the API, up to {@code atMost} changes; returns how many. */
    private int writeThroughTheApi(int atMost, long stopAt) {
        List<P> mine = new ArrayList<>();
        int made = 0;
        while (made < atMost && System.nanoTime() < stopAt) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            if (mine.isEmpty() || random.nextInt(4) == 0) {
                mine.add(create());
            } else {
                int i = random.nextInt(mine.size());
                mine.set(i, update(mine.get(i), "Edit " + UUID.randomUUID()));
            }
            made++;
        }
        return made;
    }

    /** Revises {@code ids} (this writer's own records) over JDBC, up to {@code atMost} committed revisions. */
    private int writeOverJdbc(String table, List<String> ids, int atMost, long stopAt) throws Exception {
        int made = 0;
        try (Connection tx = dataSource().getConnection()) {
            tx.setAutoCommit(false);
            while (made < atMost && System.nanoTime() < stopAt) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int revisions = random.nextInt(1, 4);
                for (int i = 0; i < revisions; i++) {
                    String id = ids.get(random.nextInt(ids.size()));
                    touch(tx, table, id);
                    if (random.nextInt(5) == 0) {
                        Thread.sleep(random.nextInt(1, 4)); // others append (and commit) meanwhile
                    }
                    appendRevision(tx, id, "load");
                }
                if (random.nextInt(20) == 0) {
                    tx.rollback();
                } else {
                    tx.commit();
                    made += revisions;
                }
            }
        }
        return made;
    }

    /**
     * One watch session from {@code token}: reads a random number of changes, or until a random
     * deadline passes, then disconnects; the final one reads until the feed's end. Returns the
     * token to resume from.
     */
    private String session(String token, List<Long> received, boolean untilTheEnd) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long deadlineMillis = untilTheEnd ? WAIT.toMillis() : random.nextLong(50, 800);
        int atMost = untilTheEnd ? Integer.MAX_VALUE : random.nextInt(1, 150);
        long end = untilTheEnd ? decode(endToken()).sequence() : Long.MAX_VALUE;
        Context.CancellableContext context = Context.current().withCancellation();
        String last = token;
        try {
            Iterator<Message> changes = context.call(() -> ClientCalls.blockingServerStreamingCall(channel(), watch(),
                    options().withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS), watchRequest(token)));
            int read = 0;
            while (read < atMost && (received.isEmpty() || received.get(received.size() - 1) < end)) {
                Message change = changes.next();
                long sequence = sequence(change);
                assertTrue(received.isEmpty() || sequence > received.get(received.size() - 1),
                        "out of order or twice: " + sequence + " after " + (received.isEmpty() ? "-" : received.get(received.size() - 1)));
                assertEquals(sequence, decode(token(change)).sequence());
                received.add(sequence);
                last = token(change);
                read++;
            }
        } catch (StatusRuntimeException e) {
            if (untilTheEnd || e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
                throw e;
            }
        } finally {
            context.cancel(null);
        }
        return last;
    }

    /** What an export sent: the resources, then its end. */
    private record Exported(List<Message> resources, ExportEnd end) {
        Set<String> names() {
            return byName().keySet();
        }

        Map<String, Message> byName() {
            Map<String, Message> byName = new LinkedHashMap<>();
            for (Message resource : resources) {
                assertNull(byName.put(name(resource), resource), () -> name(resource) + " exported twice");
            }
            return byName;
        }
    }

    private Exported export(Message request) {
        List<Message> resources = new ArrayList<>();
        ExportEnd end = null;
        Iterator<Message> stream = ClientCalls.blockingServerStreamingCall(channel(), exportMethod(),
                options().withDeadlineAfter(WAIT.toMillis(), TimeUnit.MILLISECONDS), request);
        while (stream.hasNext()) {
            Message item = stream.next();
            assertNull(end, "nothing follows the end");
            FieldDescriptor endField = item.getDescriptorForType().findFieldByName("end");
            List<P> batch = exportedResources(item);
            if (item.hasField(endField)) {
                end = (ExportEnd) item.getField(endField);
                assertEquals(List.of(), batch, "the end holds no records");
            } else {
                assertFalse(batch.isEmpty(), "a message before the end holds records");
                resources.addAll(batch);
            }
        }
        assertNotNull(end, "an export ends with its end");
        return new Exported(resources, end);
    }

    /** The records one message of an export holds (its one repeated field). */
    @SuppressWarnings("unchecked")
    private List<P> exportedResources(Message item) {
        FieldDescriptor records = item.getDescriptorForType().getFields().stream().filter(FieldDescriptor::isRepeated)
                .findFirst().orElseThrow();
        return (List<P>) item.getField(records);
    }

    private Message exportRequest(Message filter, Timestamp readTime) {
        String method = "Export" + calls.plural();
        Message.Builder request = calls.request(method);
        if (filter != null) {
            request.setField(calls.requestField(method, "filter"), filter);
        }
        if (readTime != null) {
            request.setField(calls.requestField(method, "read_time"), readTime);
        }
        return request.build();
    }

    @SuppressWarnings("unchecked")
    private MethodDescriptor<Message, Message> exportMethod() {
        return (MethodDescriptor<Message, Message>) calls.method("Export" + calls.plural());
    }

    /** Every record List shows (with {@code filter}, as of {@code readTime}; null for none), by name. */
    @SuppressWarnings("unchecked")
    private Map<String, P> listAll(Message filter, Timestamp readTime) {
        String method = "List" + calls.plural();
        Map<String, P> all = new LinkedHashMap<>();
        String token = "";
        do {
            Message.Builder request = calls.request(method).setField(calls.requestField(method, "page_size"), 1000)
                    .setField(calls.requestField(method, "page_token"), token);
            if (filter != null) {
                request.setField(calls.requestField(method, "filter"), filter);
            }
            if (readTime != null) {
                request.setField(calls.requestField(method, "read_time"), readTime);
            }
            Message page = calls.call(method, request.build());
            for (Message item : (List<Message>) page.getField(page.getDescriptorForType().getFields().get(0))) {
                all.put(name((P) item), (P) item);
            }
            token = (String) page.getField(page.getDescriptorForType().findFieldByName("next_page_token"));
        } while (!token.isEmpty());
        return all;
    }

    /** Connections holding an export's snapshot open (in its transaction). */
    private long exportSnapshotsHeld() {
        try {
            return snapshotsHeld();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private long snapshotsHeld() throws SQLException {
        return sequences("SELECT count(*) FROM pg_stat_activity WHERE state <> 'idle' AND application_name = '"
                + Exports.SNAPSHOT_APPLICATION_NAME + "'").get(0);
    }

    private static Timestamp now() {
        java.time.Instant now = java.time.Instant.now();
        return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    }

    private static int compare(Timestamp a, Timestamp b) {
        return Timestamps.compare(a, b);
    }

    // --- the standard methods, by name ---

    private String listChangesMethod() {
        return "List" + calls.type() + "Changes";
    }

    private String watchMethod() {
        return "Watch" + calls.plural();
    }

    private Message listChanges(String token, int pageSize) {
        String method = listChangesMethod();
        return calls.call(method, calls.request(method).setField(calls.requestField(method, "resume_token"), token)
                .setField(calls.requestField(method, "page_size"), pageSize).build());
    }

    private Message listChanges(String token, int pageSize, Message filter) {
        String method = listChangesMethod();
        return calls.call(method, calls.request(method).setField(calls.requestField(method, "resume_token"), token)
                .setField(calls.requestField(method, "page_size"), pageSize)
                .setField(calls.requestField(method, "filter"), filter).build());
    }

    private Message watchRequest(String token) {
        return calls.request(watchMethod()).setField(calls.requestField(watchMethod(), "resume_token"), token).build();
    }

    private Message watchRequest(String token, Message filter) {
        return watchRequest(token).toBuilder().setField(calls.requestField(watchMethod(), "filter"), filter).build();
    }

    @SuppressWarnings("unchecked")
    private MethodDescriptor<Message, Message> watch() {
        return (MethodDescriptor<Message, Message>) calls.method(watchMethod());
    }

    /** Opens a watch from {@code token} and waits for its first answer (a change or the refusal). */
    private void firstOfWatch(String token) {
        firstOfWatch(watchRequest(token));
    }

    private void firstOfWatch(Message request) {
        Context.CancellableContext context = Context.current().withCancellation();
        try {
            context.run(() -> ClientCalls.blockingServerStreamingCall(channel(), watch(),
                    options().withDeadlineAfter(WAIT.toMillis(), TimeUnit.MILLISECONDS), request).hasNext());
        } finally {
            context.cancel(null);
        }
    }

    /** One open watch, its changes queued as they arrive; closing it cancels the call. */
    private final class Watcher implements AutoCloseable {

        private final LinkedBlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
        private final Context.CancellableContext context = Context.current().withCancellation();
        private final Thread reader;

        Watcher(String token) {
            this(watchRequest(token));
        }

        Watcher(Message request) {
            reader = new Thread(() -> context.run(() -> {
                try {
                    Iterator<Message> changes = ClientCalls.blockingServerStreamingCall(channel(), watch(),
                            options().withDeadlineAfter(5, TimeUnit.MINUTES), request);
                    while (changes.hasNext()) {
                        arrived.add(changes.next());
                    }
                } catch (RuntimeException e) {
                    arrived.add(e);
                }
            }), "feed-test-watcher");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next change; fails when none arrives in time or the stream ended. */
        Message next() throws InterruptedException {
            Message change = poll(WAIT);
            assertNotNull(change, "no change arrived within " + WAIT);
            return change;
        }

        /** The next change, or null when none arrives within {@code timeout}. */
        Message poll(Duration timeout) throws InterruptedException {
            Object next = arrived.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (next instanceof RuntimeException e) {
                throw new AssertionError("the watch ended: " + e, e);
            }
            return (Message) next;
        }

        @Override
        public void close() {
            context.cancel(null);
        }
    }

    // --- writes ---

    private P create() {
        return create(newResource());
    }

    /** Creates {@code resource} with the id {@code id}. */
    @SuppressWarnings("unchecked")
    private P create(P resource, String id) {
        String method = "Create" + calls.type();
        return (P) calls.call(method, calls.request(method)
                .setField(calls.requestField(method, calls.resourceField()), resource)
                .setField(calls.requestField(method, calls.resourceField() + "_id"), id).build());
    }

    @SuppressWarnings("unchecked")
    private P create(P resource) {
        String method = "Create" + calls.type();
        return (P) calls.call(method, calls.request(method)
                .setField(calls.requestField(method, calls.resourceField()), resource).build());
    }

    /** {@code current} with {@code field} changed to {@code source}'s value of it. */
    @SuppressWarnings("unchecked")
    private P updateField(P current, String field, P source) {
        String method = "Update" + calls.type();
        P patch = (P) current.toBuilder().setField(field(current, field), source.getField(field(source, field))).build();
        return (P) calls.call(method, calls.request(method)
                .setField(calls.requestField(method, calls.resourceField()), patch)
                .setField(calls.requestField(method, "update_mask"), FieldMask.newBuilder().addPaths(field).build())
                .build());
    }

    private void delete(P current) {
        String method = "Delete" + calls.type();
        admin.call(method, admin.request(method).setField(admin.requestField(method, "name"), name(current)).build());
    }

    @SuppressWarnings("unchecked")
    private P update(P current, String text) {
        String method = "Update" + calls.type();
        P patch = (P) current.toBuilder().setField(field(current, textField()), text).build();
        return (P) calls.call(method, calls.request(method)
                .setField(calls.requestField(method, calls.resourceField()), patch)
                .setField(calls.requestField(method, "update_mask"), FieldMask.newBuilder().addPaths(textField()).build())
                .build());
    }

    /** The record's row written in {@code tx}, as a write does before it appends its revision. */
    private static void touch(Connection tx, String table, String id) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("UPDATE " + table + " SET update_time = update_time WHERE id = ?")) {
            s.setString(1, id);
            assertEquals(1, s.executeUpdate());
        }
    }

    /** Appends, in {@code tx}, a revision of record {@code id} that repeats its latest one. */
    private static void appendRevision(Connection tx, String id, String reason) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO revisions (resource_id, change_kind, resource,"
                + " changed_fields, author_issuer, author_subject, reason) SELECT resource_id, 'UPDATED', resource,"
                + " '{}', author_issuer, author_subject, ? FROM revisions WHERE resource_id = ?"
                + " ORDER BY sequence DESC LIMIT 1")) {
            s.setString(1, reason);
            s.setString(2, id);
            assertEquals(1, s.executeUpdate());
        }
    }

    // --- the feed's state, read straight from the database ---

    /** The token of the feed's current end, built from revision_clock. */
    private String endToken() throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT feed_id::text, last_sequence FROM revision_clock")) {
            rs.next();
            return new ResumeToken(UUID.fromString(rs.getString(1)), rs.getLong(2)).encode();
        }
    }

    private long firstSequence() throws SQLException {
        return sequences("SELECT min(sequence) FROM revisions").get(0);
    }

    private long lastSequence() throws SQLException {
        return sequences("SELECT last_sequence FROM revision_clock").get(0);
    }

    private List<Long> sequences(String sql) throws SQLException {
        List<Long> sequences = new ArrayList<>();
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                sequences.add(rs.getLong(1));
            }
        }
        return sequences;
    }

    // --- calls and messages by descriptor ---

    /** The service's standard methods by name; set before each test (the channel is injected then). */
    private StandardCalls calls;

    /** The same as an admin, for deletes. */
    private StandardCalls admin;

    @BeforeEach
    void callsByName() {
        calls = new StandardCalls(channel(), service(), newResource(), options());
        admin = new StandardCalls(channel(), service(), newResource(), CallOptions.DEFAULT.withCallCredentials(
                TestTokens.bearer(TestTokens.forRoles("feed-admin", "editor", "admin"))));
    }

    private static CallOptions options() {
        return CallOptions.DEFAULT.withCallCredentials(TestTokens.bearer(TestTokens.forRoles("feed-tester", "editor")));
    }

    @SuppressWarnings("unchecked")
    private static List<Message> changes(Message response) {
        return (List<Message>) response.getField(response.getDescriptorForType().findFieldByName("changes"));
    }

    private static String responseToken(Message response) {
        return (String) response.getField(response.getDescriptorForType().findFieldByName("resume_token"));
    }

    private static String token(Message change) {
        String token = (String) change.getField(change.getDescriptorForType().findFieldByName("resume_token"));
        assertFalse(token.isEmpty(), "every change carries its resume token");
        return token;
    }

    private static ResumeToken decode(String token) {
        return ResumeToken.decode(token).orElseThrow(() -> new AssertionError("not a resume token: " + token));
    }

    private static RevisionInfo info(Message change) {
        return (RevisionInfo) change.getField(change.getDescriptorForType().findFieldByName("revision"));
    }

    private static long sequence(Message change) {
        return Long.parseLong(info(change).getRevisionId());
    }

    @SuppressWarnings("unchecked")
    private P resourceOf(Message change) {
        return (P) change.getField(change.getDescriptorForType().findFieldByName(calls.resourceField()));
    }

    private String resourceName(Message change) {
        return name(resourceOf(change));
    }

    private List<String> idsOf(List<Message> changes) {
        return changes.stream().map(change -> calls.id(resourceOf(change))).toList();
    }

    private static StatusRuntimeException assertFails(Status.Code code, Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(code, e.getStatus().getCode(), e::toString);
        return e;
    }

    private static void assertInvalidResumeToken(Runnable call, String token) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run, token);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), () -> token + ": " + e);
        assertEquals(ChangeFeed.INVALID_RESUME_TOKEN, GrpcErrors.errorInfo(e).getReason(), token);
        assertEquals(Set.of("resume_token"), GrpcErrors.violatedFields(e), token);
    }

    /** Timestamps compared, earliest first. */
    private static final class Timestamps {
        static int compare(com.google.protobuf.Timestamp a, com.google.protobuf.Timestamp b) {
            return a.getSeconds() != b.getSeconds() ? Long.compare(a.getSeconds(), b.getSeconds())
                    : Integer.compare(a.getNanos(), b.getNanos());
        }
    }
}
