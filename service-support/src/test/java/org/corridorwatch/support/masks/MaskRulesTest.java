package org.corridorwatch.support.masks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.corridorwatch.support.validation.Violations;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.google.api.FieldBehavior;
import com.google.api.FieldBehaviorProto;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest.FieldViolation;

/**
 * MaskRules read from descriptors built here, field by field, with the annotations a resource of
 * the contract carries (service-support cannot see the services' generated messages).
 */
class MaskRulesTest {

    private static final String TIMESTAMP = ".google.protobuf.Timestamp";

    private static FieldDescriptorProto.Builder field(String name, int number, FieldBehavior... behaviors) {
        FieldOptions.Builder options = FieldOptions.newBuilder();
        for (FieldBehavior behavior : behaviors) {
            options.addExtension(FieldBehaviorProto.fieldBehavior, behavior);
        }
        FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL).setType(FieldDescriptorProto.Type.TYPE_STRING);
        return behaviors.length == 0 ? field : field.setOptions(options);
    }

    private static FieldDescriptorProto.Builder timestamp(String name, int number, FieldBehavior... behaviors) {
        return field(name, number, behaviors).setType(FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(TIMESTAMP);
    }

    /** A resource shaped like the contract's: every kind of field behaviour, in one message. */
    private static FileDescriptorProto bookFile() {
        DescriptorProto book = DescriptorProto.newBuilder().setName("Book")
                .addField(field("name", 1, FieldBehavior.IDENTIFIER))
                .addField(field("title", 2, FieldBehavior.REQUIRED))
                .addField(field("summary", 3, FieldBehavior.OPTIONAL))
                .addField(field("isbn", 4, FieldBehavior.OPTIONAL, FieldBehavior.IMMUTABLE))
                .addField(field("shelf", 5))
                .addField(timestamp("create_time", 6, FieldBehavior.OUTPUT_ONLY))
                .addField(timestamp("expire_time", 7, FieldBehavior.OUTPUT_ONLY, FieldBehavior.IMMUTABLE))
                .addField(timestamp("publish_time", 8, FieldBehavior.OPTIONAL))
                .addField(field("etag", 9, FieldBehavior.OPTIONAL))
                .build();
        return FileDescriptorProto.newBuilder().setName("library/v1/book.proto").setPackage("library.v1")
                .setSyntax("proto3").addDependency(Timestamp.getDescriptor().getFile().getName())
                .addMessageType(book).build();
    }

    private static Descriptor book(FileDescriptorProto file) throws DescriptorValidationException {
        return FileDescriptor.buildFrom(file, new FileDescriptor[] {Timestamp.getDescriptor().getFile()})
                .findMessageTypeByName("Book");
    }

    @Test
    void fieldsWithoutAServiceSetBehaviourAreUpdatableInFieldNumberOrder() throws Exception {
        MaskRules rules = MaskRules.of(book(bookFile()));

        assertEquals(List.of("title", "summary", "shelf", "publish_time"), List.copyOf(rules.updatable()));
    }

    @Test
    void outputOnlyFieldsTheIdentifierAndTheEtagAreIgnored() throws Exception {
        MaskRules rules = MaskRules.of(book(bookFile()));

        assertEquals(List.of("name", "create_time", "expire_time", "etag"), List.copyOf(rules.ignored()));
    }

    @Test
    void immutableFieldsAreNeitherUpdatableNorIgnored() throws Exception {
        MaskRules rules = MaskRules.of(book(bookFile()));

        assertTrue(!rules.updatable().contains("isbn") && !rules.ignored().contains("isbn"), rules::toString);
    }

    @Test
    void behavioursAreReadAlsoFromOptionsParsedWithoutTheExtension() throws Exception {
        // As a descriptor set read from bytes (reflection, a file) arrives: the annotation is then an
        // unknown field of FieldOptions until it is parsed with the extension registered.
        FileDescriptorProto parsed = FileDescriptorProto.parseFrom(bookFile().toByteString());
        Descriptor book = book(parsed);
        assertTrue(book.findFieldByName("name").getOptions().getExtension(FieldBehaviorProto.fieldBehavior).isEmpty(),
                "the test must start from options that do not show the extension");

        assertEquals(MaskRules.of(book(bookFile())), MaskRules.of(book));
    }

    @Test
    void aMessageWithoutAnnotationsIsUpdatableSaveItsEtag() throws Exception {
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("plain.proto").setSyntax("proto3")
                .addDependency(Timestamp.getDescriptor().getFile().getName()).addMessageType(DescriptorProto.newBuilder().setName("Book").addField(field("title", 1))
                        .addField(field("etag", 2)))
                .build();

        MaskRules rules = MaskRules.of(book(file));

        assertEquals(new MaskRules(Set.of("title"), Set.of("etag")), rules);
    }

    @Test
    void rulesMadeByHandCannotBeChangedAfterwards() {
        Set<String> updatable = new HashSet<>(Set.of("title"));
        MaskRules rules = new MaskRules(updatable, Set.of());

        updatable.add("isbn");

        assertEquals(Set.of("title"), rules.updatable());
    }

    /** FieldMasks under derived rules, on a DynamicMessage of the Book above. */
    @Nested
    class AppliedByFieldMasks {

        private final Violations violations = new Violations();
        private final Descriptor type;
        private final MaskRules rules;
        private final DynamicMessage current;
        private final DynamicMessage patch;

        AppliedByFieldMasks() throws DescriptorValidationException, InvalidProtocolBufferException {
            type = book(bookFile());
            rules = MaskRules.of(type);
            current = bookOf("books/1", "Old title", "978-0", ts(100), "etag-1");
            patch = bookOf("books/other", "New title", "978-9", ts(900), "etag-2");
        }

        private DynamicMessage bookOf(String name, String title, String isbn, Timestamp created, String etag) {
            return DynamicMessage.newBuilder(type).setField(type.findFieldByName("name"), name)
                    .setField(type.findFieldByName("title"), title).setField(type.findFieldByName("isbn"), isbn)
                    .setField(type.findFieldByName("create_time"), created)
                    .setField(type.findFieldByName("etag"), etag).build();
        }

        private static Timestamp ts(long seconds) {
            return Timestamp.newBuilder().setSeconds(seconds).build();
        }

        private DynamicMessage apply(String... paths) {
            return FieldMasks.apply(FieldMask.newBuilder().addAllPaths(List.of(paths)).build(), current, patch, rules,
                    "update_mask", violations);
        }

        private Object get(DynamicMessage message, String field) {
            return message.getField(type.findFieldByName(field));
        }

        @Test
        void anUpdatableFieldIsCopied() {
            DynamicMessage result = apply("title");

            assertTrue(violations.isEmpty(), () -> violations.list().toString());
            assertEquals("New title", get(result, "title"));
            assertEquals("978-0", get(result, "isbn"));
        }

        @Test
        void ignoredFieldsMayBeNamedAndStayAsTheyWere() {
            DynamicMessage result = apply("title", "name", "create_time", "etag");

            assertTrue(violations.isEmpty(), () -> violations.list().toString());
            assertEquals(current.toBuilder().setField(type.findFieldByName("title"), "New title").build(), result);
        }

        @Test
        void namingAnImmutableFieldIsAViolationAndChangesNothing() {
            DynamicMessage result = apply("title", "isbn");

            assertSame(current, result);
            assertEquals(List.of(FieldViolation.newBuilder().setField("update_mask")
                    .setDescription("names an unknown or unchangeable field: \"isbn\"").build()), violations.list());
        }

        @Test
        void wildcardReplacesTheUpdatableFieldsOnly() {
            DynamicMessage result = apply("*");

            assertTrue(violations.isEmpty(), () -> violations.list().toString());
            assertEquals("New title", get(result, "title"));
            assertEquals("books/1", get(result, "name"));
            assertEquals("978-0", get(result, "isbn"));
            assertEquals(ts(100), get(result, "create_time"));
            assertEquals("etag-1", get(result, "etag"));
        }
    }
}
