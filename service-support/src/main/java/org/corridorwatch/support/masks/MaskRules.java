package org.corridorwatch.support.masks;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.google.api.FieldBehavior;
import com.google.api.FieldBehaviorProto;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Which top-level fields of a resource an update_mask may name, read from the resource's
 * {@code (google.api.field_behavior)} annotations (AIP-203) so that the contract and the service
 * cannot disagree:
 * <ul>
 * <li>{@code OUTPUT_ONLY} and {@code IDENTIFIER} (the name) fields, and the AIP-154 {@code etag},
 * are {@linkplain #ignored() ignored}: a client may name them, as it may send a whole resource
 * back, and nothing changes;</li>
 * <li>{@code IMMUTABLE} fields are neither: set on create, never changed by an update, so naming
 * one is a violation, like naming a field that does not exist;</li>
 * <li>every other field is {@linkplain #updatable() updatable}, "*" replacing them all.</li>
 * </ul>
 *
 * @param updatable top-level fields a client may change, in field-number order
 * @param ignored top-level fields a client may name but that an update leaves as they are
 */
public record MaskRules(Set<String> updatable, Set<String> ignored) {

    /**
     * The AIP-154 etag, known by the name AIP-154 fixes: whatever behaviour it is annotated with, it
     * is what the client read and sends back to make the update conditional, never a value the
     * update sets.
     */
    private static final String ETAG = "etag";

    /** Reads the field_behavior extension also from descriptors whose options were parsed without it. */
    private static final ExtensionRegistry FIELD_BEHAVIOR = ExtensionRegistry.newInstance();

    static {
        FieldBehaviorProto.registerAllExtensions(FIELD_BEHAVIOR);
    }

    public MaskRules {
        updatable = Collections.unmodifiableSet(new LinkedHashSet<>(updatable));
        ignored = Collections.unmodifiableSet(new LinkedHashSet<>(ignored));
    }

    /** The rules of {@code resource}, e.g. {@code MaskRules.of(Incident.getDescriptor())}. */
    public static MaskRules of(Descriptor resource) {
        Set<String> updatable = new LinkedHashSet<>();
        Set<String> ignored = new LinkedHashSet<>();
        for (FieldDescriptor field : resource.getFields()) {
            List<FieldBehavior> behaviors = behaviors(field);
            if (behaviors.contains(FieldBehavior.OUTPUT_ONLY) || behaviors.contains(FieldBehavior.IDENTIFIER)
                    || field.getName().equals(ETAG)) {
                ignored.add(field.getName());
            } else if (!behaviors.contains(FieldBehavior.IMMUTABLE)) {
                updatable.add(field.getName());
            }
        }
        return new MaskRules(updatable, ignored);
    }

    /**
     * The field's behaviours. Generated classes parse their options with the extension known; a
     * descriptor built at run time (from a descriptor set, by reflection) may hold it as an unknown
     * field, so the options are read again with the extension registered.
     */
    private static List<FieldBehavior> behaviors(FieldDescriptor field) {
        FieldOptions options = field.getOptions();
        if (options.getExtensionCount(FieldBehaviorProto.fieldBehavior) == 0
                && !options.getUnknownFields().asMap().isEmpty()) {
            try {
                options = FieldOptions.parseFrom(options.toByteString(), FIELD_BEHAVIOR);
            } catch (InvalidProtocolBufferException e) {
                // The bytes come from a parsed message; they parse again.
                throw new IllegalStateException(e);
            }
        }
        return options.getExtension(FieldBehaviorProto.fieldBehavior);
    }
}
