package org.corridorwatch.support.masks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.corridorwatch.support.validation.Violations;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.protobuf.Any;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest.FieldViolation;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;
import com.google.type.Interval;

class FieldMasksTest {

    private final Violations violations = new Violations();

    private static FieldMask mask(String... paths) {
        return FieldMask.newBuilder().addAllPaths(List.of(paths)).build();
    }

    private static Timestamp ts(long seconds, int nanos) {
        return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
    }

    private void assertNoViolation() {
        assertTrue(violations.isEmpty(), () -> "expected no violation but got " + violations.list());
    }

    private static String unknown(String path) {
        return "names an unknown or unchangeable field: \"" + path + "\"";
    }

    /** Interval: two singular message fields (google.protobuf.Timestamp), both updatable. */
    @Nested
    class NestedMessages {

        private final Set<String> updatable = Set.of("start_time", "end_time");
        private final Interval current = Interval.newBuilder().setStartTime(ts(100, 1)).setEndTime(ts(200, 2)).build();
        private final Interval patch = Interval.newBuilder().setStartTime(ts(500, 5)).setEndTime(ts(900, 9)).build();

        private Interval apply(FieldMask mask, Interval patch) {
            return FieldMasks.apply(mask, current, patch, updatable, Set.of(), "update_mask", violations);
        }

        @Test
        void topLevelPathIsCopied() {
            Interval result = apply(mask("start_time"), patch);

            assertNoViolation();
            assertEquals(Interval.newBuilder().setStartTime(ts(500, 5)).setEndTime(ts(200, 2)).build(), result);
        }

        @Test
        void severalTopLevelPathsAreCopied() {
            Interval result = apply(mask("start_time", "end_time"), patch);

            assertNoViolation();
            assertEquals(patch, result);
        }

        @Test
        void nestedPathCopiesOnlyThatSubfield() {
            Interval result = apply(mask("start_time.seconds"), patch);

            assertNoViolation();
            assertEquals(Interval.newBuilder().setStartTime(ts(500, 1)).setEndTime(ts(200, 2)).build(), result);
        }

        @Test
        void twoNestedPathsInTheSameMessageAreBothCopied() {
            Interval result = apply(mask("start_time.seconds", "end_time.nanos"), patch);

            assertNoViolation();
            assertEquals(Interval.newBuilder().setStartTime(ts(500, 1)).setEndTime(ts(200, 9)).build(), result);
        }

        @Test
        void nestedPathIntoAnUnsetCurrentFieldSetsOnlyThatSubfield() {
            Interval emptyStart = Interval.newBuilder().setEndTime(ts(200, 2)).build();

            Interval result = FieldMasks.apply(mask("start_time.nanos"), emptyStart, patch, updatable, Set.of(),
                    "update_mask", violations);

            assertNoViolation();
            assertEquals(Interval.newBuilder().setStartTime(ts(0, 5)).setEndTime(ts(200, 2)).build(), result);
        }

        @Test
        void fieldAbsentInPatchIsCleared() {
            Interval patchWithoutEnd = Interval.newBuilder().setStartTime(ts(500, 5)).build();

            Interval result = apply(mask("end_time"), patchWithoutEnd);

            assertNoViolation();
            assertFalse(result.hasEndTime());
            assertEquals(ts(100, 1), result.getStartTime());
        }

        @Test
        void nestedFieldAbsentInPatchIsCleared() {
            Interval patchWithoutStart = Interval.newBuilder().setEndTime(ts(900, 9)).build();

            Interval result = apply(mask("start_time.seconds"), patchWithoutStart);

            assertNoViolation();
            assertEquals(ts(0, 1), result.getStartTime());
            assertEquals(ts(200, 2), result.getEndTime());
        }

        @Test
        void wildcardReplacesEveryUpdatableField() {
            Interval patchWithoutEnd = Interval.newBuilder().setStartTime(ts(500, 5)).build();

            Interval result = apply(mask("*"), patchWithoutEnd);

            assertNoViolation();
            assertEquals(patchWithoutEnd, result);
        }

        @Test
        void wildcardLeavesFieldsThatAreNotUpdatable() {
            Interval result = FieldMasks.apply(mask("*"), current, patch, Set.of("start_time"), Set.of("end_time"),
                    "update_mask", violations);

            assertNoViolation();
            assertEquals(Interval.newBuilder().setStartTime(ts(500, 5)).setEndTime(ts(200, 2)).build(), result);
        }

        @Test
        void fieldThatIsNeitherUpdatableNorOutputOnlyIsAViolation() {
            Interval result = FieldMasks.apply(mask("end_time"), current, patch, Set.of("start_time"), Set.of(),
                    "update_mask", violations);

            assertSame(current, result);
            assertEquals(List.of(unknown("end_time")),
                    violations.list().stream().map(FieldViolation::getDescription).toList());
        }

        @ParameterizedTest
        @ValueSource(strings = {"nope", "start_time.nope", "start_time.seconds.value", "start_time.nanos.x",
                "start_time.", ".start_time", "", "start_time..seconds", "Start_Time", "startTime", "start_time.*",
                "start_time,end_time", " start_time"})
        void unknownOrScalarThroughPathIsAViolationAndLeavesCurrentUnchanged(String path) {
            Interval result = apply(mask(path), patch);

            assertSame(current, result);
            assertEquals(List.of(FieldViolation.newBuilder().setField("update_mask")
                    .setDescription(unknown(path)).build()), violations.list());
        }

        @Test
        void oneBadPathBlocksTheGoodOnes() {
            Interval result = apply(mask("start_time", "nope", "end_time.seconds.x"), patch);

            assertSame(current, result);
            assertEquals(List.of(unknown("nope"), unknown("end_time.seconds.x")),
                    violations.list().stream().map(FieldViolation::getDescription).toList());
        }

        @Test
        void aLongBadPathIsRepeatedOnlyInPartSoTheErrorStaysSmall() {
            String path = "x".repeat(10_000);
            Interval result = apply(mask(path), patch);

            assertSame(current, result);
            assertEquals(List.of(unknown("x".repeat(80) + "…")),
                    violations.list().stream().map(FieldViolation::getDescription).toList());
        }

        @Test
        void tooManyPathsAreOneViolation() {
            String[] paths = new String[FieldMasks.MAX_PATHS + 1];
            java.util.Arrays.fill(paths, "start_time");
            Interval result = apply(mask(paths), patch);

            assertSame(current, result);
            assertEquals(List.of("names 101 paths; at most 100 are allowed"),
                    violations.list().stream().map(FieldViolation::getDescription).toList());
            // The limit itself is fine.
            Violations atTheLimit = new Violations();
            FieldMasks.apply(mask(java.util.Arrays.copyOf(paths, FieldMasks.MAX_PATHS)), current, patch, updatable,
                    Set.of(), "update_mask", atTheLimit);
            assertTrue(atTheLimit.isEmpty(), () -> atTheLimit.list().toString());
        }

        @Test
        void emptyMaskIsAViolation() {
            Interval result = apply(FieldMask.getDefaultInstance(), patch);

            assertSame(current, result);
            assertEquals(List.of(FieldViolation.newBuilder().setField("update_mask")
                    .setDescription("is required: name the fields to change, or \"*\" to replace them all").build()),
                    violations.list());
        }

        @Test
        void inputsAreNotModified() {
            Interval currentCopy = current.toBuilder().build();
            Interval patchCopy = patch.toBuilder().build();

            apply(mask("start_time.seconds", "end_time"), patch);

            assertEquals(currentCopy, current);
            assertEquals(patchCopy, patch);
        }

        @Test
        void anEarlierViolationOfAnotherFieldDoesNotStopAValidMask() {
            // The caller validates the request before and after merging; an unrelated problem found
            // earlier must not make the merge silently return the unpatched resource.
            violations.add("incident.etag", "is malformed");

            Interval result = apply(mask("start_time"), patch);

            assertEquals(ts(500, 5), result.getStartTime());
            assertEquals(1, violations.list().size());
        }
    }

    /** ErrorInfo: scalars (reason, domain) and a map field (metadata). */
    @Nested
    class ScalarsAndMaps {

        private final Set<String> updatable = Set.of("reason", "metadata");
        private final Set<String> outputOnly = Set.of("domain");
        private final ErrorInfo current = ErrorInfo.newBuilder().setReason("OLD").setDomain("old.example")
                .putMetadata("k", "v").putMetadata("keep", "no").build();
        private final ErrorInfo patch = ErrorInfo.newBuilder().setReason("NEW").setDomain("new.example")
                .putMetadata("x", "y").build();

        private ErrorInfo apply(FieldMask mask, ErrorInfo patch) {
            return FieldMasks.apply(mask, current, patch, updatable, outputOnly, "update_mask", violations);
        }

        @Test
        void scalarIsCopied() {
            ErrorInfo result = apply(mask("reason"), patch);

            assertNoViolation();
            assertEquals(current.toBuilder().setReason("NEW").build(), result);
        }

        @Test
        void scalarAbsentInPatchIsCleared() {
            ErrorInfo result = apply(mask("reason"), ErrorInfo.getDefaultInstance());

            assertNoViolation();
            assertEquals("", result.getReason());
            assertEquals("old.example", result.getDomain());
        }

        @Test
        void mapIsReplacedAsAWhole() {
            ErrorInfo result = apply(mask("metadata"), patch);

            assertNoViolation();
            assertEquals(Map.of("x", "y"), result.getMetadataMap());
            assertEquals("OLD", result.getReason());
        }

        @Test
        void emptyMapInPatchClearsTheMap() {
            ErrorInfo result = apply(mask("metadata"), ErrorInfo.getDefaultInstance());

            assertNoViolation();
            assertEquals(Map.of(), result.getMetadataMap());
        }

        @Test
        void outputOnlyPathIsIgnored() {
            ErrorInfo result = apply(mask("domain"), patch);

            assertNoViolation();
            assertEquals(current, result);
        }

        @Test
        void outputOnlyPathIsIgnoredAlongsideUpdatableOnes() {
            ErrorInfo result = apply(mask("reason", "domain"), patch);

            assertNoViolation();
            assertEquals(current.toBuilder().setReason("NEW").build(), result);
        }

        @Test
        void wildcardReplacesUpdatableFieldsButNotOutputOnlyOnes() {
            ErrorInfo result = apply(mask("*"), patch);

            assertNoViolation();
            assertEquals(ErrorInfo.newBuilder().setReason("NEW").setDomain("old.example").putMetadata("x", "y").build(),
                    result);
        }

        @ParameterizedTest
        @ValueSource(strings = {"reason.length", "reason.x.y", "metadata.k", "metadata.key"})
        void pathThroughAScalarOrMapIsAViolation(String path) {
            ErrorInfo result = apply(mask(path), patch);

            assertSame(current, result);
            assertEquals(List.of(FieldViolation.newBuilder().setField("update_mask")
                    .setDescription(unknown(path)).build()), violations.list());
        }
    }

    /** Status: a repeated message field (details). */
    @Nested
    class RepeatedFields {

        private final Set<String> updatable = Set.of("code", "message", "details");
        private final Status current = Status.newBuilder().setCode(5).setMessage("old")
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("A").build())).build();
        private final Status patch = Status.newBuilder().setCode(3).setMessage("new")
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("B").build()))
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("C").build())).build();

        @Test
        void repeatedFieldIsReplacedAsAWhole() {
            Status result = FieldMasks.apply(mask("details"), current, patch, updatable, Set.of(), "update_mask",
                    violations);

            assertNoViolation();
            assertEquals(patch.getDetailsList(), result.getDetailsList());
            assertEquals(5, result.getCode());
            assertEquals("old", result.getMessage());
        }

        @Test
        void emptyRepeatedFieldInPatchClearsIt() {
            Status result = FieldMasks.apply(mask("details"), current, Status.getDefaultInstance(), updatable,
                    Set.of(), "update_mask", violations);

            assertNoViolation();
            assertEquals(0, result.getDetailsCount());
        }

        @Test
        void pathThroughARepeatedMessageFieldIsAViolation() {
            Status result = FieldMasks.apply(mask("details.type_url"), current, patch, updatable, Set.of(),
                    "update_mask", violations);

            assertSame(current, result);
            assertEquals(List.of(unknown("details.type_url")),
                    violations.list().stream().map(FieldViolation::getDescription).toList());
        }
    }
}
