package org.corridorwatch.testing;

import static org.corridorwatch.testing.StandardCalls.field;
import static org.corridorwatch.testing.StandardCalls.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.util.TypeLiteral;

import javax.sql.DataSource;

import org.corridorwatch.api.common.v1.ChangeKind;
import org.corridorwatch.api.common.v1.RevisionInfo;
import org.corridorwatch.support.resources.StandardMethods;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.arc.Arc;

/**
 * History as every service keeps it (the engine's StandardMethods and RevisionStore, issue 14):
 * a revision per create, update, delete and undelete with who, why and what changed; reads of a
 * revision and as of a time; soft deletes and Undelete; retries by request_id; the store
 * append-only in the database. Written once against the standard methods' names
 * ({@code Create<Resource>}, {@code List<Resource>Revisions}, ...), so a service's test only says
 * what its resource is.
 *
 * @param <P> the resource message
 */
public abstract class HistoryCases<P extends Message> {

    private static final String SUBJECT = "history-editor";

    /** A channel to the app under test. */
    protected abstract Channel channel();

    /** The service under test. */
    protected abstract ServiceDescriptor service();

    /** A valid new resource (name and output-only fields unset). */
    protected abstract P newResource();

    /** A single-line text field an update may change, e.g. "title". */
    protected abstract String textField();

    /** The service's database, to prove the revision store refuses changes. */
    protected abstract DataSource dataSource();

    @Test
    void aCreateIsItsFirstRevisionWithAuthorReasonAndFields() {
        String requestId = UUID.randomUUID().toString();
        P created = create("first reported by Dawn", requestId);

        List<Message> revisions = revisions(name(created));
        assertEquals(1, revisions.size());
        RevisionInfo info = info(revisions.get(0));
        assertEquals(ChangeKind.CHANGE_KIND_CREATED, info.getChangeKind());
        assertEquals(TestTokens.ISSUER, info.getAuthor().getIssuer());
        assertEquals(SUBJECT, info.getAuthor().getSubject());
        assertEquals("Test " + SUBJECT, info.getAuthor().getDisplayName());
        assertEquals("first reported by Dawn", info.getReason());
        assertEquals(requestId, info.getRequestId());
        assertTrue(info.getChangedFields().getPathsList().contains(textField()), info::toString);
        assertFalse(info.getChangedFields().getPathsList().contains("etag"), info::toString);
        assertEquals(name(created) + "@" + info.getRevisionId(), name(resourceOf(revisions.get(0))));
        assertEquals(created, renamed(resourceOf(revisions.get(0)), name(created)));
    }

    @Test
    void anUpdateAddsARevisionNewestFirstNamingTheChangedFieldsAndThePastStaysReadable() throws Exception {
        P created = create("", "");
        Timestamp beforeUpdate = now();
        P updated = update(with(created, textField(), "Revised headline"), "death toll revised", "");

        List<Message> revisions = revisions(name(created));
        assertEquals(2, revisions.size());
        RevisionInfo newest = info(revisions.get(0));
        assertEquals(ChangeKind.CHANGE_KIND_UPDATED, newest.getChangeKind());
        assertEquals(List.of(textField()), newest.getChangedFields().getPathsList());
        assertEquals("death toll revised", newest.getReason());
        RevisionInfo first = info(revisions.get(1));
        assertTrue(Long.parseLong(newest.getRevisionId()) > Long.parseLong(first.getRevisionId()));
        assertTrue(compare(newest.getCommitTime(), first.getCommitTime()) > 0);

        // The first revision by name, and the record as of a time before the update.
        assertEquals(created, renamed(get(name(created) + "@" + first.getRevisionId(), false, null), name(created)));
        assertEquals(created, get(name(created), false, beforeUpdate));
        assertEquals(updated, get(name(created), false, null));
        assertEquals(updated, get(name(created), false, now()));
    }

    @Test
    void anUpdateThatChangesNothingAddsNoRevision() {
        P created = create("", "");
        update(created, "nothing changes", "");

        assertEquals(1, revisions(name(created)).size());
    }

    @Test
    void aDeleteIsSoftAndUndeleteRestoresIt() {
        P created = create("", "");
        Timestamp beforeDelete = now();
        delete(name(created), "recorded twice", "");

        assertFails(Status.Code.NOT_FOUND, () -> get(name(created), false, null));
        assertFails(Status.Code.NOT_FOUND, () -> batchGet(name(created), false));
        P deleted = get(name(created), true, null);
        assertTrue(deleted.hasField(field(deleted, "delete_time")));
        assertEquals(List.of(deleted), batchGet(name(created), true));
        assertEquals(created, get(name(created), false, beforeDelete));
        assertFails(Status.Code.NOT_FOUND, () -> get(name(created), false, now()));
        // Its id stays taken, and the history stays readable.
        assertFails(Status.Code.ALREADY_EXISTS, () -> create(newResource(), calls.id(created), "", ""));
        RevisionInfo deletion = info(revisions(name(created)).get(0));
        assertEquals(ChangeKind.CHANGE_KIND_DELETED, deletion.getChangeKind());
        assertEquals("recorded twice", deletion.getReason());
        assertEquals(List.of(), deletion.getChangedFields().getPathsList());
        assertFails(Status.Code.NOT_FOUND, () -> delete(name(created), "", ""));

        P restored = undelete(name(created), "not a duplicate after all");
        assertFalse(restored.hasField(field(restored, "delete_time")));
        assertEquals(restored, get(name(created), false, null));
        assertEquals(without(created, "update_time", "etag"), without(restored, "update_time", "etag"));
        RevisionInfo undeletion = info(revisions(name(created)).get(0));
        assertEquals(ChangeKind.CHANGE_KIND_UNDELETED, undeletion.getChangeKind());
        assertEquals(3, revisions(name(created)).size());
    }

    @Test
    void aListAsOfATimeShowsTheRecordsAsTheyStoodThenBeforeAndAfterAnUpdateAndADelete() {
        Timestamp beforeCreate = now();
        P created = create("", "");
        Timestamp afterCreate = now();
        P updated = update(with(created, textField(), "Revised headline"), "", "");
        Timestamp afterUpdate = now();
        delete(name(created), "", "");
        Timestamp afterDelete = now();

        assertFalse(listAll(beforeCreate).containsKey(name(created)));
        assertEquals(created, listAll(afterCreate).get(name(created)));
        assertEquals(updated, listAll(afterUpdate).get(name(created)));
        assertFalse(listAll(afterDelete).containsKey(name(created)));
        assertFalse(listAll(null).containsKey(name(created)));
        // Everything else stands as it does now: nothing else changed since.
        Map<String, P> now = listAll(null);
        Map<String, P> then = listAll(afterDelete);
        assertEquals(now, then);

        P restored = undelete(name(created), "");
        // The past does not change with the present.
        assertEquals(updated, listAll(afterUpdate).get(name(created)));
        assertFalse(listAll(afterDelete).containsKey(name(created)));
        assertEquals(restored, listAll(null).get(name(created)));
    }

    @Test
    void aListPageTokenIsBoundToItsReadTime() {
        create("", "");
        create("", "");
        Timestamp readTime = now();
        String method = "List" + calls.plural();
        Message first = calls.call(method, calls.request(method).setField(calls.requestField(method, "page_size"), 1)
                .setField(calls.requestField(method, "read_time"), readTime).build());
        String token = (String) first.getField(first.getDescriptorForType().findFieldByName("next_page_token"));
        assertFalse(token.isEmpty());
        assertViolates(Set.of("page_token"), () -> calls.call(method, calls.request(method)
                .setField(calls.requestField(method, "page_size"), 1).setField(calls.requestField(method, "page_token"),
                        token).build()));
    }

    @Test
    void aListAsOfAFutureTimeIsRefused() {
        java.time.Instant later = java.time.Instant.now().plusSeconds(3600);
        String method = "List" + calls.plural();
        assertViolates(Set.of("read_time"), () -> calls.call(method, calls.request(method).setField(
                calls.requestField(method, "read_time"), Timestamp.newBuilder().setSeconds(later.getEpochSecond())
                        .build()).build()));
    }

    @Test
    void undeleteOfARecordThatIsNotDeletedOrDoesNotExistIsRefused() {
        P created = create("", "");
        StatusRuntimeException e = assertFails(Status.Code.FAILED_PRECONDITION, () -> undelete(name(created), ""));
        assertEquals("NOT_DELETED", GrpcErrors.errorInfo(e).getReason());
        assertFails(Status.Code.NOT_FOUND, () -> undelete(calls.collection() + "/never-existed", ""));
        assertEquals(1, revisions(name(created)).size());
    }

    @Test
    void aWriteRetriedWithItsRequestIdWritesNothingTwice() {
        P created = create("", "");
        String requestId = UUID.randomUUID().toString();
        P updated = update(with(created, textField(), "Once"), "", requestId);
        P retried = update(with(created, textField(), "Twice"), "", requestId);

        assertEquals(updated, retried);
        assertEquals(2, revisions(name(created)).size());

        String deleteId = UUID.randomUUID().toString();
        delete(name(created), "", deleteId);
        delete(name(created), "", deleteId); // the retry succeeds, without a second deletion
        assertEquals(3, revisions(name(created)).size());
    }

    @Test
    void revisionsPageNewestFirst() {
        P created = create("", "");
        update(with(created, textField(), "Second"), "", "");
        P third = update(with(get(name(created), false, null), textField(), "Third"), "", "");

        String method = "List" + calls.type() + "Revisions";
        Message firstPage = calls.call(method, calls.request(method)
                .setField(calls.requestField(method, "name"), name(created))
                .setField(calls.requestField(method, "page_size"), 2).build());
        List<Message> page = items(firstPage);
        assertEquals(2, page.size());
        assertEquals(third, renamed(resourceOf(page.get(0)), name(created)));
        String token = (String) firstPage.getField(firstPage.getDescriptorForType().findFieldByName("next_page_token"));
        assertFalse(token.isEmpty());
        Message lastPage = calls.call(method, calls.request(method)
                .setField(calls.requestField(method, "name"), name(created))
                .setField(calls.requestField(method, "page_token"), token).build());
        assertEquals(ChangeKind.CHANGE_KIND_CREATED, info(items(lastPage).get(0)).getChangeKind());
        assertEquals(1, items(lastPage).size());
    }

    @Test
    void badHistoryRequestsAreInvalidArgumentAndWriteNothing() {
        P created = create("", "");
        assertViolates(Set.of("name"), () -> get(name(created) + "@abc", false, null));
        assertViolates(Set.of("name"), () -> get(name(created) + "@0", false, null));
        assertViolates(Set.of("read_time"), () -> get(name(created), false,
                Timestamp.newBuilder().setSeconds(now().getSeconds() + 3600).build()));
        assertViolates(Set.of("read_time"), () -> get(name(created) + "@1", false, now()));
        assertViolates(Set.of("reason"), () -> update(with(created, textField(), "Too long a reason"),
                "x".repeat(501), ""));
        assertViolates(Set.of("request_id"), () -> delete(name(created), "", "not-a-uuid"));
        assertFails(Status.Code.NOT_FOUND, () -> get(name(created) + "@999999999", false, null));
        assertFails(Status.Code.NOT_FOUND, () -> revisions(calls.collection() + "/never-existed"));
        assertEquals(created, get(name(created), false, null));
        assertEquals(1, revisions(name(created)).size());
    }

    /**
     * A record stored before revisions were kept (here: a copy of a row made over JDBC, which
     * appends no revision) gets one CREATED revision from the backfill, and only one however often
     * the backfill runs.
     */
    @Test
    void aRecordStoredBeforeRevisionsWereKeptGetsItsFirstRevisionFromTheBackfill() throws SQLException {
        P created = create("", "");
        String table = ConfigProvider.getConfig().getValue("quarkus.flyway.placeholders.resource_table", String.class);
        String oldId = "pre-history-" + UUID.randomUUID();
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            String columns = null;
            try (ResultSet rs = s.executeQuery("SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)"
                    + " FROM information_schema.columns WHERE table_name = '" + table + "' AND is_generated = 'NEVER'")) {
                rs.next();
                columns = rs.getString(1);
            }
            s.execute("CREATE TEMP TABLE old_record AS SELECT * FROM " + table + " WHERE id = '" + calls.id(created) + "'");
            s.execute("UPDATE old_record SET id = '" + oldId + "', create_request_id = NULL");
            s.execute("INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM old_record");
        }
        String name = calls.collection() + "/" + oldId;
        assertEquals(List.of(), revisions(name));

        for (int run = 0; run < 2; run++) {
            // As HistoryBackfill does at startup (it has run already, before this record existed).
            for (StandardMethods<?, ?, ?> resource : Arc.container().select(new TypeLiteral<StandardMethods<?, ?, ?>>() {
            }, Any.Literal.INSTANCE)) {
                while (resource.backfillHistory(500) > 0) {
                    // until none is left
                }
            }
        }

        List<Message> revisions = revisions(name);
        assertEquals(1, revisions.size());
        assertEquals(ChangeKind.CHANGE_KIND_CREATED, info(revisions.get(0)).getChangeKind());
        assertEquals("history begins: recorded before revisions were kept", info(revisions.get(0)).getReason());
    }

    @Test
    void theRevisionStoreRefusesChangesInTheDatabase() throws SQLException {
        create("", "");
        for (String statement : List.of("UPDATE revisions SET reason = 'rewritten'", "DELETE FROM revisions",
                "TRUNCATE revisions")) {
            try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> s.execute(statement), statement);
                assertEquals("23001", e.getSQLState(), statement); // restrict_violation
            }
        }
    }

    // --- calls by the standard methods' names ---

    /** The service's standard methods by name; set before each test (the channel is injected then). */
    private StandardCalls calls;

    @BeforeEach
    void callsByName() {
        calls = new StandardCalls(channel(), service(), newResource(), CallOptions.DEFAULT
                .withCallCredentials(TestTokens.bearer(TestTokens.forRoles(SUBJECT, "editor", "admin"))));
    }

    private P create(String reason, String requestId) {
        return create(newResource(), "", reason, requestId);
    }

    @SuppressWarnings("unchecked")
    private P create(P resource, String id, String reason, String requestId) {
        String method = "Create" + calls.type();
        Message.Builder request = calls.request(method)
                .setField(calls.requestField(method, calls.resourceField()), resource)
                .setField(calls.requestField(method, calls.resourceField() + "_id"), id)
                .setField(calls.requestField(method, "reason"), reason)
                .setField(calls.requestField(method, "request_id"), requestId);
        return (P) calls.call(method, request.build());
    }

    @SuppressWarnings("unchecked")
    private P update(P patch, String reason, String requestId) {
        String method = "Update" + calls.type();
        return (P) calls.call(method, calls.request(method)
                .setField(calls.requestField(method, calls.resourceField()), patch)
                .setField(calls.requestField(method, "update_mask"), FieldMask.newBuilder().addPaths(textField()).build())
                .setField(calls.requestField(method, "reason"), reason)
                .setField(calls.requestField(method, "request_id"), requestId).build());
    }

    private void delete(String name, String reason, String requestId) {
        String method = "Delete" + calls.type();
        calls.call(method, calls.request(method).setField(calls.requestField(method, "name"), name)
                .setField(calls.requestField(method, "reason"), reason)
                .setField(calls.requestField(method, "request_id"), requestId).build());
    }

    @SuppressWarnings("unchecked")
    private P undelete(String name, String reason) {
        String method = "Undelete" + calls.type();
        return (P) calls.call(method, calls.request(method).setField(calls.requestField(method, "name"), name)
                .setField(calls.requestField(method, "reason"), reason).build());
    }

    @SuppressWarnings("unchecked")
    private P get(String name, boolean showDeleted, Timestamp readTime) {
        String method = "Get" + calls.type();
        Message.Builder request = calls.request(method).setField(calls.requestField(method, "name"), name)
                .setField(calls.requestField(method, "show_deleted"), showDeleted);
        if (readTime != null) {
            request.setField(calls.requestField(method, "read_time"), readTime);
        }
        return (P) calls.call(method, request.build());
    }

    @SuppressWarnings("unchecked")
    private List<P> batchGet(String name, boolean showDeleted) {
        String method = "BatchGet" + calls.plural();
        Message response = calls.call(method, calls.request(method)
                .addRepeatedField(calls.requestField(method, "names"), name)
                .setField(calls.requestField(method, "show_deleted"), showDeleted).build());
        return (List<P>) (List<?>) items(response);
    }

    /**
     * Every record List shows, by name, as of {@code readTime} (null: now), read page by page in
     * small pages so that the page tokens (bound to the read_time) are used.
     */
    @SuppressWarnings("unchecked")
    private Map<String, P> listAll(Timestamp readTime) {
        String method = "List" + calls.plural();
        Map<String, P> all = new LinkedHashMap<>();
        String token = "";
        do {
            Message.Builder request = calls.request(method).setField(calls.requestField(method, "page_size"), 50)
                    .setField(calls.requestField(method, "page_token"), token);
            if (readTime != null) {
                request.setField(calls.requestField(method, "read_time"), readTime);
            }
            Message page = calls.call(method, request.build());
            for (Message item : items(page)) {
                assertNull(all.put(name((P) item), (P) item), () -> name((P) item) + " listed twice");
            }
            token = (String) page.getField(page.getDescriptorForType().findFieldByName("next_page_token"));
        } while (!token.isEmpty());
        return all;
    }

    private List<Message> revisions(String name) {
        String method = "List" + calls.type() + "Revisions";
        return items(calls.call(method, calls.request(method).setField(calls.requestField(method, "name"), name)
                .setField(calls.requestField(method, "page_size"), 1000).build()));
    }

    // --- the resource, by its descriptor ---

    private static List<Message> items(Message response) {
        for (FieldDescriptor field : response.getDescriptorForType().getFields()) {
            if (field.isRepeated() && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                @SuppressWarnings("unchecked")
                List<Message> items = (List<Message>) response.getField(field);
                return items;
            }
        }
        throw new AssertionError(response.getDescriptorForType().getName() + " lists nothing");
    }

    @SuppressWarnings("unchecked")
    private P resourceOf(Message revision) {
        return (P) revision.getField(revision.getDescriptorForType().findFieldByName(calls.resourceField()));
    }

    private static RevisionInfo info(Message revision) {
        return (RevisionInfo) revision.getField(revision.getDescriptorForType().findFieldByName("revision"));
    }

    private P renamed(P resource, String name) {
        return with(resource, "name", name);
    }

    @SuppressWarnings("unchecked")
    private static <M extends Message> M with(M message, String field, Object value) {
        return (M) message.toBuilder().setField(field(message, field), value).build();
    }

    @SuppressWarnings("unchecked")
    private static <M extends Message> M without(M message, String... fields) {
        Message.Builder builder = message.toBuilder();
        for (String field : fields) {
            builder.clearField(field(message, field));
        }
        return (M) builder.build();
    }

    private static Timestamp now() {
        java.time.Instant now = java.time.Instant.now();
        return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    }

    private static int compare(Timestamp a, Timestamp b) {
        return a.getSeconds() != b.getSeconds() ? Long.compare(a.getSeconds(), b.getSeconds())
                : Integer.compare(a.getNanos(), b.getNanos());
    }

    private static StatusRuntimeException assertFails(Status.Code code, Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(code, e.getStatus().getCode(), e::toString);
        return e;
    }

    private static void assertViolates(Set<String> fields, Runnable call) {
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, call);
        assertEquals(fields, GrpcErrors.violatedFields(e));
        assertNotEquals(null, GrpcErrors.errorInfo(e).getReason());
    }
}
