package org.corridorwatch.support.masks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.corridorwatch.support.validation.Violations;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;

/**
 * Applies an update_mask (AIP-134): copies the named fields of a patch onto the current resource.
 * A path names a top-level field or, through singular message fields, a field inside it
 * ({@code place.province}). Output-only fields are ignored; unknown paths are violations. Which
 * fields are which comes from the contract ({@link MaskRules}).
 */
public final class FieldMasks {

    /** Replaces every updatable field. */
    public static final String WILDCARD = "*";
    /** More paths than any resource has fields (with nested ones) is a mistake, not an update. */
    public static final int MAX_PATHS = 100;
    /** How much of a bad path an error message repeats: the error must fit gRPC's trailer limit. */
    private static final int ECHOED_PATH_LENGTH = 80;

    private FieldMasks() {
    }

    /**
     * The current resource with the masked fields taken from {@code patch}, or {@code current}
     * unchanged with violations added when the mask is empty or names unknown fields, under the
     * rules of the resource's field behaviours, e.g.
     * {@code FieldMasks.apply(mask, current, patch, MaskRules.of(Incident.getDescriptor()), "update_mask", v)}.
     */
    public static <M extends Message> M apply(FieldMask mask, M current, M patch, MaskRules rules, String field,
            Violations violations) {
        return apply(mask, current, patch, rules.updatable(), rules.ignored(), field, violations);
    }

    /**
     * The current resource with the masked fields taken from {@code patch}, or {@code current}
     * unchanged with violations added when the mask is empty or names unknown fields.
     *
     * @param updatable top-level fields a client may change
     * @param outputOnly top-level fields a client may name but that are ignored
     */
    @SuppressWarnings("unchecked")
    public static <M extends Message> M apply(FieldMask mask, M current, M patch, Set<String> updatable,
            Set<String> outputOnly, String field, Violations violations) {
        if (mask.getPathsCount() == 0) {
            violations.add(field, "is required: name the fields to change, or \"*\" to replace them all");
            return current;
        }
        if (mask.getPathsCount() > MAX_PATHS) {
            violations.add(field, "names " + mask.getPathsCount() + " paths; at most " + MAX_PATHS + " are allowed");
            return current;
        }
        List<List<String>> paths = new ArrayList<>();
        boolean invalid = false;
        for (String path : mask.getPathsList()) {
            if (path.equals(WILDCARD)) {
                updatable.forEach(top -> paths.add(List.of(top)));
                continue;
            }
            List<String> segments = List.of(path.split("\\.", -1));
            if (outputOnly.contains(segments.get(0))) {
                continue;
            }
            if (!updatable.contains(segments.get(0)) || !resolves(current, segments)) {
                violations.add(field, "names an unknown or unchangeable field: \"" + echoed(path) + "\"");
                invalid = true;
            } else {
                paths.add(segments);
            }
        }
        if (invalid) {
            return current;
        }
        Message.Builder result = current.toBuilder();
        for (List<String> segments : paths) {
            copy(result, patch, segments);
        }
        return (M) result.build();
    }

    private static String echoed(String path) {
        return path.length() <= ECHOED_PATH_LENGTH ? path : path.substring(0, ECHOED_PATH_LENGTH) + "…";
    }

    /** Whether every segment names a field, all but the last through singular message fields. */
    private static boolean resolves(Message message, List<String> segments) {
        var type = message.getDescriptorForType();
        for (int i = 0; i < segments.size(); i++) {
            FieldDescriptor fd = type.findFieldByName(segments.get(i));
            if (fd == null) {
                return false;
            }
            if (i < segments.size() - 1) {
                if (fd.isRepeated() || fd.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                    return false;
                }
                type = fd.getMessageType();
            }
        }
        return true;
    }

    private static void copy(Message.Builder target, Message patch, List<String> segments) {
        FieldDescriptor fd = target.getDescriptorForType().findFieldByName(segments.get(0));
        if (segments.size() == 1) {
            if (fd.isRepeated() || patch.hasField(fd)) {
                target.setField(fd, patch.getField(fd));
            } else {
                target.clearField(fd);
            }
            return;
        }
        Message.Builder child = ((Message) target.getField(fd)).toBuilder();
        copy(child, (Message) patch.getField(fd), segments.subList(1, segments.size()));
        target.setField(fd, child.build());
    }
}
