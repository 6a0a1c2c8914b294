package org.corridorwatch.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The standard Update's order of checks and its no-op rule, as every service answers them (the
 * engine's StandardMethods): an update that changes nothing writes nothing, and a bad mask is
 * refused before the record is looked up. A service's test extends this (a {@code @QuarkusTest})
 * and says how to create, get and update its resource.
 *
 * @param <P> the resource message
 */
public abstract class StandardUpdateCases<P extends Message> {

    /** Creates a valid resource through the API. */
    protected abstract P create();

    protected abstract P get(String name);

    /** Updates with {@code patch} and an update_mask of {@code paths}. */
    protected abstract P update(P patch, String... paths);

    /** Client-settable fields of the created resource, a few of each kind (text, message, list). */
    protected abstract String[] settableFields();

    /** A single-line text field an update may change. */
    protected abstract String textField();

    @Test
    void aMaskOfOnlyOutputOnlyFieldsChangesNothingAndKeepsTheEtag() {
        P original = create();
        P answer = update(with(with(original, "etag", ""), "create_time", Timestamp.newBuilder().setSeconds(1).build()),
                "create_time", "update_time", "etag");

        assertEquals(original, answer);
        assertEquals(original, get(name(original)));
    }

    @Test
    void settingFieldsToTheirCurrentValuesChangesNothing() {
        P original = create();
        P answer = update(original, settableFields());

        assertEquals(original.getField(field(original, "etag")), answer.getField(field(answer, "etag")));
        assertEquals(original.getField(field(original, "update_time")), answer.getField(field(answer, "update_time")));
        assertEquals(original, get(name(original)));
    }

    @Test
    void aStaleEtagIsAbortedEvenWhenNothingWouldChange() {
        P original = create();
        update(with(original, textField(), "Renamed"), textField());

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> update(original, textField()));
        assertEquals(Status.Code.ABORTED, e.getStatus().getCode());
    }

    @Test
    void aBadMaskIsInvalidArgumentBeforeTheRecordIsLookedUp() {
        P existing = create();
        String collection = name(existing).substring(0, name(existing).indexOf('/'));
        @SuppressWarnings("unchecked")
        P missing = (P) existing.newBuilderForType().setField(field(existing, "name"), collection + "/does-not-exist")
                .build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> update(missing, "no_such_field"));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(Set.of("update_mask"), GrpcErrors.violatedFields(e));
    }

    @SuppressWarnings("unchecked")
    private P with(P message, String field, Object value) {
        return (P) message.toBuilder().setField(field(message, field), value).build();
    }

    private String name(P message) {
        return (String) message.getField(field(message, "name"));
    }

    private static FieldDescriptor field(Message message, String name) {
        return message.getDescriptorForType().findFieldByName(name);
    }
}
