package org.corridorwatch.support.resources;

import java.lang.invoke.MethodHandle;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.corridorwatch.support.persistence.VersionedRecord;
import org.corridorwatch.support.validation.ResourceNames;

import com.google.api.ResourceDescriptor;
import com.google.api.ResourceProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

/**
 * What a resource message says about itself and what the service sets on it, the same for every
 * resource: its type and collection (from its {@code google.api.resource} option, e.g. type
 * "corridorwatch.org/Incident", pattern "incidents/{incident}"), and the output-only fields
 * {@code name}, {@code create_time}, {@code update_time}, {@code delete_time} and {@code etag}
 * (AIP-122, 148, 154, 164),
 * filled from the stored record by field name. A mapper maps only the resource's own fields.
 */
public final class ResourceMetadata {

    private static final Map<Descriptor, ResourceMetadata> BY_MESSAGE = new ConcurrentHashMap<>();

    private final String type;
    private final String collection;
    private final FieldDescriptor name;
    private final FieldDescriptor createTime;
    private final FieldDescriptor updateTime;
    private final FieldDescriptor deleteTime;
    private final FieldDescriptor etag;
    /** The generated builder's setters of those fields, looked up at the first {@link #filled}: see {@link Setters}. */
    private volatile Setters setters;

    private ResourceMetadata(Descriptor message) {
        ResourceDescriptor resource = message.getOptions().getExtension(ResourceProto.resource);
        if (resource.getType().isEmpty() || resource.getPatternCount() != 1 || !resource.getPattern(0).contains("/")) {
            throw new IllegalArgumentException(message.getFullName()
                    + " needs a google.api.resource option with a type and one pattern like \"things/{thing}\"");
        }
        this.type = resource.getType();
        // The pattern's first segment is the collection.
        this.collection = resource.getPattern(0).substring(0, resource.getPattern(0).indexOf('/'));
        this.name = field(message, "name");
        this.createTime = field(message, "create_time");
        this.updateTime = field(message, "update_time");
        this.deleteTime = field(message, "delete_time");
        this.etag = field(message, "etag");
    }

    /** The metadata of a resource message type; refuses one without the option or the fields. */
    public static ResourceMetadata of(Descriptor message) {
        return BY_MESSAGE.computeIfAbsent(message, ResourceMetadata::new);
    }

    /** The resource type, e.g. "corridorwatch.org/Incident" (for ResourceInfo in errors). */
    public String type() {
        return type;
    }

    /** The collection of the resource's names, e.g. "incidents". */
    public String collection() {
        return collection;
    }

    /**
     * {@code builder} of a resource message with the record's name, create and update times and
     * etag set: where a mapper starts, e.g. {@code ResourceMetadata.filled(Incident.newBuilder(), e)}.
     */
    public static <B extends Message.Builder> B filled(B builder, VersionedRecord record) {
        return filled(builder, record.id, record.createTime, record.updateTime, record.deleteTime, record.etag());
    }

    /** {@link #filled(Message.Builder, VersionedRecord)} from the record's columns ({@code deleteTime} null unless deleted). */
    public static <B extends Message.Builder> B filled(B builder, String id, Instant createTime, Instant updateTime,
            Instant deleteTime, String etag) {
        ResourceMetadata metadata = of(builder.getDescriptorForType());
        String name = ResourceNames.format(metadata.collection, id);
        Setters setters = metadata.setters;
        if (setters == null || setters.builderClass != builder.getClass()) {
            setters = Setters.of(builder.getClass());
            metadata.setters = setters;
        }
        setters.set(setters.name, metadata.name, builder, name);
        setters.set(setters.createTime, metadata.createTime, builder, VersionedRecord.timestamp(createTime));
        setters.set(setters.updateTime, metadata.updateTime, builder, VersionedRecord.timestamp(updateTime));
        if (deleteTime != null) {
            setters.set(setters.deleteTime, metadata.deleteTime, builder, VersionedRecord.timestamp(deleteTime));
        }
        setters.set(setters.etag, metadata.etag, builder, etag);
        return builder;
    }

    /**
     * The setters a generated builder has for the fields {@link #filled} sets ({@link BuilderSetters}:
     * five {@code setField} calls per record were 4 % of a List page's read in a profile, issue 12).
     */
    private record Setters(Class<?> builderClass, MethodHandle name, MethodHandle createTime, MethodHandle updateTime,
            MethodHandle deleteTime, MethodHandle etag) {

        /** Those of {@code builderClass}; none when it has not all of them (not a generated builder: a DynamicMessage's). */
        static Setters of(Class<?> builderClass) {
            try {
                return new Setters(builderClass, setter(builderClass, "setName", String.class),
                        setter(builderClass, "setCreateTime", Timestamp.class),
                        setter(builderClass, "setUpdateTime", Timestamp.class),
                        setter(builderClass, "setDeleteTime", Timestamp.class),
                        setter(builderClass, "setEtag", String.class));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                return new Setters(builderClass, null, null, null, null, null);
            }
        }

        private static MethodHandle setter(Class<?> builderClass, String method, Class<?> type)
                throws NoSuchMethodException, IllegalAccessException {
            return BuilderSetters.of(builderClass.getMethod(method, type));
        }

        /** Sets {@code field} through {@code setter}, or by reflection when there is none. */
        void set(MethodHandle setter, FieldDescriptor field, Message.Builder builder, Object value) {
            if (setter == null) {
                builder.setField(field, value);
            } else {
                BuilderSetters.call(setter, builder, value);
            }
        }
    }

    /**
     * The inverse of {@link #filled} for a record restored from a stored resource message: sets the
     * record's create, update and delete times from the message's (the id and version are the
     * caller's to set).
     */
    public void restoreTimes(Message resource, VersionedRecord record) {
        record.createTime = instant(resource, createTime);
        record.updateTime = instant(resource, updateTime);
        record.deleteTime = resource.hasField(deleteTime) ? instant(resource, deleteTime) : null;
    }

    /** The update time of {@code resource}, a resource message of this type. */
    public Instant updateTime(Message resource) {
        return instant(resource, updateTime);
    }

    private static Instant instant(Message resource, FieldDescriptor field) {
        Timestamp time = (Timestamp) resource.getField(field);
        return Instant.ofEpochSecond(time.getSeconds(), time.getNanos());
    }

    /** {@code resource} (a resource message of this type) with its name set to {@code name}. */
    @SuppressWarnings("unchecked")
    public <P extends Message> P renamed(P resource, String name) {
        return (P) resource.toBuilder().setField(this.name, name).build();
    }

    private static FieldDescriptor field(Descriptor message, String name) {
        FieldDescriptor field = message.findFieldByName(name);
        if (field == null) {
            throw new IllegalArgumentException(message.getFullName() + " needs a field \"" + name
                    + "\" to be a standard resource");
        }
        return field;
    }
}
