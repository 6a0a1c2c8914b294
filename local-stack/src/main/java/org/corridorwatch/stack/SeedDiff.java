package org.corridorwatch.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.google.api.FieldBehavior;
import com.google.api.FieldBehaviorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import com.google.protobuf.util.FieldMaskUtil;

/**
 * What the seed file's version of a record would change in the record a service holds: the
 * top-level fields whose values differ, as the update_mask of an Update request. Works on any
 * resource message through its descriptor and the contract's own annotations
 * ({@code google.api.field_behavior}), so no field is compared by hand and a field added to a
 * resource later is compared without a change here.
 *
 * <p>Compared: every field a client may write on update. Not compared: the resource's identity
 * ({@code IDENTIFIER}, the name), what the service sets ({@code OUTPUT_ONLY}: times, a deal's
 * status date), what the standard methods cannot change ({@code IMMUTABLE}: a deal's status, which
 * moves only through TransitionDealStatus; the loader compares it itself), and the etag, a
 * version stamp rather than content. Pure logic, no I/O.
 *
 * <p>Values compare as proto3 carries them: an unset scalar equals its default (an {@code optional}
 * one is unset only when absent), repeated fields compare in order, and messages compare field by
 * field ({@link Message#equals}). Two rules follow what the services store for a value the file
 * leaves out, so that a record the file created compares equal to the file: a message field set to
 * the empty message counts as unset (an incident's {@code injured} is returned as an empty
 * estimate when none was given, and means "none reported" either way), and an enum the file
 * leaves unspecified is not compared, since the contract gives "unspecified" a default that the
 * service stores instead (an incident's status, a deal's programme): to correct an enum, the file
 * names its value. Without these, every load would send updates that write nothing new but a
 * revision.
 */
public final class SeedDiff {

    /** Content-free bookkeeping that the contract marks OPTIONAL, so its annotations do not exclude it. */
    private static final Set<String> VERSION_STAMPS = Set.of("etag");
    private static final Set<FieldBehavior> NOT_WRITTEN_BY_UPDATE = Set.of(FieldBehavior.IDENTIFIER,
            FieldBehavior.OUTPUT_ONLY, FieldBehavior.IMMUTABLE);

    private SeedDiff() {
    }

    /**
     * The update_mask that makes {@code stored} equal {@code seed} in every compared field: the
     * paths of the fields that differ, in field-number order; empty when the two are equal.
     *
     * @throws IllegalArgumentException when the two are not the same resource type
     */
    public static FieldMask between(Message stored, Message seed) {
        Descriptor type = seed.getDescriptorForType();
        if (!stored.getDescriptorForType().getFullName().equals(type.getFullName())) {
            throw new IllegalArgumentException("cannot compare a " + stored.getDescriptorForType().getFullName()
                    + " with a " + type.getFullName());
        }
        List<String> paths = new ArrayList<>();
        for (FieldDescriptor field : comparedFields(type)) {
            if (unspecifiedEnum(seed, field)) {
                continue; // the service's default for it stands
            }
            if (!Objects.equals(value(stored, field), value(seed, field))) {
                paths.add(field.getName());
            }
        }
        FieldMask mask = FieldMaskUtil.fromStringList(paths);
        if (!FieldMaskUtil.isValid(type, mask)) {
            throw new IllegalStateException("not a valid mask of " + type.getFullName() + ": " + paths);
        }
        return mask;
    }

    /** Whether the two are equal in every compared field: the seed changes nothing. */
    public static boolean same(Message stored, Message seed) {
        return between(stored, seed).getPathsCount() == 0;
    }

    /** The top-level fields of {@code type} an update may write, in field-number order. */
    public static List<FieldDescriptor> comparedFields(Descriptor type) {
        List<FieldDescriptor> fields = new ArrayList<>();
        for (FieldDescriptor field : type.getFields()) {
            if (!VERSION_STAMPS.contains(field.getName()) && field.getOptions()
                    .getExtension(FieldBehaviorProto.fieldBehavior).stream().noneMatch(NOT_WRITTEN_BY_UPDATE::contains)) {
                fields.add(field);
            }
        }
        return fields;
    }

    private static boolean unspecifiedEnum(Message seed, FieldDescriptor field) {
        return !field.isRepeated() && field.getJavaType() == FieldDescriptor.JavaType.ENUM
                && ((com.google.protobuf.Descriptors.EnumValueDescriptor) seed.getField(field)).getNumber() == 0;
    }

    private static Object value(Message message, FieldDescriptor field) {
        if (field.isRepeated()) {
            return message.getField(field); // a List, compared in order
        }
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            Message value = (Message) message.getField(field);
            return !message.hasField(field) || value.equals(value.getDefaultInstanceForType()) ? null : value;
        }
        // With presence (messages, optional scalars): absent is null, unlike a set default value.
        // Without: proto3 does not tell unset from the default, so neither do we.
        return field.hasPresence() && !message.hasField(field) ? null : message.getField(field);
    }
}
