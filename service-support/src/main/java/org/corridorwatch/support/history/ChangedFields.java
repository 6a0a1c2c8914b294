package org.corridorwatch.support.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

/**
 * Which top-level fields of a resource a change changed (RevisionInfo.changed_fields). The
 * metadata every write sets (name, etag, create, update and delete times) is not a change of the
 * resource's content and is never listed.
 */
public final class ChangedFields {

    private static final Set<String> METADATA = Set.of("name", "etag", "create_time", "update_time", "delete_time");

    private ChangedFields() {
    }

    /** The fields whose values differ between {@code before} and {@code after}, in field-number order. */
    public static List<String> between(Message before, Message after) {
        List<String> changed = new ArrayList<>();
        for (FieldDescriptor field : after.getDescriptorForType().getFields()) {
            if (!METADATA.contains(field.getName()) && !Objects.equals(value(before, field), value(after, field))) {
                changed.add(field.getName());
            }
        }
        return changed;
    }

    /** The fields a new resource has a value in: what its create set. */
    public static List<String> setIn(Message created) {
        return between(created.getDefaultInstanceForType(), created);
    }

    private static Object value(Message message, FieldDescriptor field) {
        // Unset and default compare equal: proto3 does not tell them apart for most fields.
        return field.isRepeated() || message.hasField(field) ? message.getField(field) : null;
    }
}
