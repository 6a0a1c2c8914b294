package org.corridorwatch.testing;

import static org.corridorwatch.testing.StandardCalls.field;
import static org.corridorwatch.testing.StandardCalls.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.corridorwatch.api.common.v1.ImportCounts;
import org.corridorwatch.api.common.v1.ImportMode;
import org.corridorwatch.api.common.v1.ImportOutcome;
import org.corridorwatch.api.common.v1.ImportResult;
import org.corridorwatch.api.common.v1.RevisionInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * {@code Import<Resources>} as every service serves it (the engine's Imports, issue 15): a dry run
 * writes nothing; good and bad records side by side, each reported; a retry with the same
 * request ids writes nothing twice; an upsert records a revision with the record's reason; the
 * roles; the limits. Written once against the standard methods' names.
 *
 * @param <P> the resource message
 */
public abstract class ImportCases<P extends Message> {

    /** A channel to the app under test. */
    protected abstract Channel channel();

    /** The service under test. */
    protected abstract ServiceDescriptor service();

    /** A valid new resource (name and output-only fields unset). */
    protected abstract P newResource();

    /** A single-line text field an update may change, e.g. "title". */
    protected abstract String textField();

    @Test
    void aDryRunChecksEveryRecordAndWritesNothing() {
        String a = freshId();
        String b = freshId();
        Message response = importRecords(editor, true, false, record(a, ""), record(b, ""), record("Not An Id!", ""));

        assertEquals(List.of(ImportOutcome.IMPORT_OUTCOME_CREATED, ImportOutcome.IMPORT_OUTCOME_CREATED,
                ImportOutcome.IMPORT_OUTCOME_REFUSED), outcomes(response));
        assertEquals(nameOf(a), results(response).get(0).getName());
        assertRefusedOn(results(response).get(2), Status.Code.INVALID_ARGUMENT, calls.resourceField() + "_id");
        assertEquals(ImportCounts.newBuilder().setCreated(2).setRefused(1).build(), counts(response));
        assertNotFound(a);
        assertNotFound(b);
    }

    @Test
    void goodAndBadRecordsAreEachReportedAndOneBadRecordDropsNoOther() {
        String a = freshId();
        String b = freshId();
        Message response = importRecords(editor, false, false, record(a, ""), record("Not An Id!", ""), record(b, ""),
                record(a, "")); // the last repeats a's id

        assertEquals(List.of(ImportOutcome.IMPORT_OUTCOME_CREATED, ImportOutcome.IMPORT_OUTCOME_REFUSED,
                ImportOutcome.IMPORT_OUTCOME_CREATED, ImportOutcome.IMPORT_OUTCOME_REFUSED), outcomes(response));
        assertRefusedOn(results(response).get(1), Status.Code.INVALID_ARGUMENT, calls.resourceField() + "_id");
        assertRefusedOn(results(response).get(3), Status.Code.INVALID_ARGUMENT, calls.resourceField() + "_id");
        assertEquals(List.of(0, 1, 2, 3), results(response).stream().map(ImportResult::getIndex).toList());
        assertEquals(nameOf(a), name(get(a)));
        assertEquals(nameOf(b), name(get(b)));
        // A later import of a taken id, in the default mode: refused as Create refuses it.
        Message again = importRecords(editor, false, false, record(a, ""));
        assertEquals(Status.Code.ALREADY_EXISTS.value(), results(again).get(0).getError().getCode());
    }

    @Test
    void anUpsertOfADeletedRecordIsRefusedUntilItIsUndeleted() {
        String a = freshId();
        importRecords(editor, false, false, record(a, ""));
        String method = "Delete" + calls.type();
        admin.call(method, admin.request(method).setField(admin.requestField(method, "name"), nameOf(a)).build());

        Message response = importRecords(admin, false, true, withText(record(a, ""), "Corrected", "corrected"));
        assertEquals(List.of(ImportOutcome.IMPORT_OUTCOME_REFUSED), outcomes(response));
        assertEquals(Status.Code.FAILED_PRECONDITION.value(), results(response).get(0).getError().getCode());
        assertEquals(2, revisions(nameOf(a)).size(), "created and deleted, nothing more");
    }

    @Test
    void aRetriedImportWithTheSameRequestIdsWritesNothingTwice() {
        String a = freshId();
        Message[] records = { record(a, UUID.randomUUID().toString()), record("", UUID.randomUUID().toString()) };
        Message first = importRecords(editor, false, false, records);
        Message again = importRecords(editor, false, false, records);

        assertEquals(results(first), results(again), "answers as the first call did");
        assertEquals(ImportCounts.newBuilder().setCreated(2).build(), counts(again));
        for (ImportResult result : results(first)) {
            assertEquals(1, revisions(result.getName()).size(), result.getName());
        }
    }

    @Test
    void anUpsertUpdatesTheRecordsWhoseIdExistsWithTheirReasonAsRevisions() {
        String a = freshId();
        String b = freshId();
        importRecords(editor, false, false, record(a, ""));
        Message changed = withText(record(a, ""), "Corrected headline", "figures corrected from the CTD report");

        Message dryRun = importRecords(admin, true, true, changed, record(b, ""));
        assertEquals(List.of(ImportOutcome.IMPORT_OUTCOME_UPDATED, ImportOutcome.IMPORT_OUTCOME_CREATED), outcomes(dryRun));
        assertEquals(1, revisions(nameOf(a)).size(), "a dry run writes nothing");

        Message upsert = importRecords(admin, false, true, changed, record(b, ""));
        assertEquals(List.of(ImportOutcome.IMPORT_OUTCOME_UPDATED, ImportOutcome.IMPORT_OUTCOME_CREATED), outcomes(upsert));
        assertEquals("Corrected headline", get(a).getField(field(get(a), textField())));
        List<RevisionInfo> history = revisions(nameOf(a));
        assertEquals(2, history.size());
        assertEquals("figures corrected from the CTD report", history.get(0).getReason());
        assertEquals(List.of(textField()), history.get(0).getChangedFields().getPathsList());

        Message repeated = importRecords(admin, false, true, changed, record(b, ""));
        assertEquals(List.of(ImportOutcome.IMPORT_OUTCOME_UNCHANGED, ImportOutcome.IMPORT_OUTCOME_UNCHANGED),
                outcomes(repeated));
        assertEquals(2, revisions(nameOf(a)).size());
    }

    @Test
    void importNeedsAnEditorAndAnUpsertAnAdmin() {
        StatusRuntimeException reader = assertFails(Status.Code.PERMISSION_DENIED,
                () -> importRecords(this.reader, false, false, record(freshId(), "")));
        assertEquals("MISSING_ROLE", GrpcErrors.errorInfo(reader).getReason());
        String id = freshId();
        StatusRuntimeException upsert = assertFails(Status.Code.PERMISSION_DENIED,
                () -> importRecords(editor, false, true, record(id, "")));
        assertEquals("admin", GrpcErrors.errorInfo(upsert).getMetadataMap().get("required_role"));
        assertNotFound(id);
    }

    @Test
    void anImportOfNoRecordsOrOfMoreThan500IsRefused() {
        StatusRuntimeException none = assertFails(Status.Code.INVALID_ARGUMENT, () -> importRecords(editor, false, false));
        assertEquals(Set.of("records"), GrpcErrors.violatedFields(none));
        List<Message> many = new ArrayList<>(Collections.nCopies(501, record("", "")));
        StatusRuntimeException tooMany = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> importRecords(editor, false, false, many.toArray(Message[]::new)));
        assertEquals(Set.of("records"), GrpcErrors.violatedFields(tooMany));
    }

    // --- calls ---

    private StandardCalls editor;
    private StandardCalls admin;
    private StandardCalls reader;
    /** The methods by name, as an editor; for reading back. */
    private StandardCalls calls;

    @BeforeEach
    void callsByName() {
        editor = as("import-editor", "editor");
        admin = as("import-admin", "admin");
        reader = as("import-reader", "reader");
        calls = editor;
    }

    private StandardCalls as(String subject, String role) {
        return new StandardCalls(channel(), service(), newResource(), CallOptions.DEFAULT.withCallCredentials(
                TestTokens.bearer(TestTokens.forRoles(subject, role))));
    }

    private Message importRecords(StandardCalls caller, boolean validateOnly, boolean upsert, Message... records) {
        String method = "Import" + calls.plural();
        Message.Builder request = caller.request(method)
                .setField(caller.requestField(method, "validate_only"), validateOnly)
                .setField(caller.requestField(method, "mode"), caller.requestField(method, "mode").getEnumType()
                        .findValueByNumber((upsert ? ImportMode.IMPORT_MODE_UPSERT : ImportMode.IMPORT_MODE_CREATE)
                                .getNumber()));
        for (Message record : records) {
            request.addRepeatedField(caller.requestField(method, "records"), record);
        }
        return caller.call(method, request.build());
    }

    /** A record in the Create shape: the new resource, with this id (or none) and request_id (or none). */
    private Message record(String id, String requestId) {
        String method = "Create" + calls.type();
        return calls.request(method).setField(calls.requestField(method, calls.resourceField()), newResource())
                .setField(calls.requestField(method, calls.resourceField() + "_id"), id)
                .setField(calls.requestField(method, "request_id"), requestId).build();
    }

    private Message withText(Message record, String text, String reason) {
        String method = "Create" + calls.type();
        FieldDescriptor resourceField = calls.requestField(method, calls.resourceField());
        Message resource = (Message) record.getField(resourceField);
        Message changed = resource.toBuilder().setField(field(resource, textField()), text).build();
        return record.toBuilder().setField(resourceField, changed).setField(calls.requestField(method, "reason"), reason)
                .build();
    }

    private Message get(String id) {
        String method = "Get" + calls.type();
        return calls.call(method, calls.request(method).setField(calls.requestField(method, "name"), nameOf(id)).build());
    }

    private void assertNotFound(String id) {
        assertFails(Status.Code.NOT_FOUND, () -> get(id));
    }

    @SuppressWarnings("unchecked")
    private List<RevisionInfo> revisions(String name) {
        String method = "List" + calls.type() + "Revisions";
        Message page = calls.call(method, calls.request(method).setField(calls.requestField(method, "name"), name)
                .setField(calls.requestField(method, "page_size"), 1000).build());
        List<Message> items = (List<Message>) page.getField(page.getDescriptorForType().findFieldByName("revisions"));
        return items.stream().map(item -> (RevisionInfo) item.getField(item.getDescriptorForType()
                .findFieldByName("revision"))).toList();
    }

    private String nameOf(String id) {
        return calls.collection() + "/" + id;
    }

    private static String freshId() {
        return "import-" + UUID.randomUUID().toString().substring(0, 18);
    }

    @SuppressWarnings("unchecked")
    private static List<ImportResult> results(Message response) {
        return (List<ImportResult>) response.getField(response.getDescriptorForType().findFieldByName("results"));
    }

    private static List<ImportOutcome> outcomes(Message response) {
        return results(response).stream().map(ImportResult::getOutcome).toList();
    }

    private static ImportCounts counts(Message response) {
        return (ImportCounts) response.getField(response.getDescriptorForType().findFieldByName("counts"));
    }

    private static void assertRefusedOn(ImportResult result, Status.Code code, String field) {
        assertEquals(code.value(), result.getError().getCode(), result::toString);
        BadRequest details = result.getError().getDetailsList().stream().filter(any -> any.is(BadRequest.class))
                .map(any -> {
                    try {
                        return any.unpack(BadRequest.class);
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new AssertionError(e);
                    }
                }).findFirst().orElseThrow(() -> new AssertionError("no field violations: " + result));
        assertTrue(details.getFieldViolationsList().stream().anyMatch(v -> v.getField().equals(field)), details::toString);
    }

    private static StatusRuntimeException assertFails(Status.Code code, Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(code, e.getStatus().getCode(), e::toString);
        return e;
    }
}
