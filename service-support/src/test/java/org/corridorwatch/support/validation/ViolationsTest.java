package org.corridorwatch.support.validation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;

import org.corridorwatch.support.errors.InvalidArgumentException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.rpc.BadRequest;
import com.google.rpc.BadRequest.FieldViolation;
import com.google.rpc.Code;
import com.google.type.Date;

import io.grpc.Status;

class ViolationsTest {

    private final Violations violations = new Violations();

    /** Asserts exactly one violation, on {@code field}, and returns its description. */
    private String onlyViolationOn(String field) {
        List<FieldViolation> list = violations.list();
        assertEquals(1, list.size(), () -> "expected exactly one violation but got " + list);
        assertEquals(field, list.get(0).getField());
        return list.get(0).getDescription();
    }

    private void assertNoViolation() {
        assertTrue(violations.isEmpty(), () -> "expected no violation but got " + violations.list());
        assertEquals(List.of(), violations.list());
    }

    private static Date date(int year, int month, int day) {
        return Date.newBuilder().setYear(year).setMonth(month).setDay(day).build();
    }

    @Nested
    class Collecting {

        @Test
        void newInstanceIsEmpty() {
            assertNoViolation();
        }

        @Test
        void addKeepsFieldDescriptionAndOrder() {
            assertSame(violations, violations.add("a", "first").add("b.c[0]", "second"));

            assertFalse(violations.isEmpty());
            assertEquals(List.of(
                    FieldViolation.newBuilder().setField("a").setDescription("first").build(),
                    FieldViolation.newBuilder().setField("b.c[0]").setDescription("second").build()),
                    violations.list());
        }

        @Test
        void listIsAnUnmodifiableSnapshot() {
            violations.add("a", "first");
            List<FieldViolation> snapshot = violations.list();

            violations.add("b", "second");

            assertEquals(1, snapshot.size());
            assertThrows(UnsupportedOperationException.class, () -> snapshot.add(FieldViolation.getDefaultInstance()));
            assertEquals(2, violations.list().size());
        }

        @Test
        void throwIfAnyDoesNothingWhenEmpty() {
            assertDoesNotThrow(violations::throwIfAny);
        }

        @Test
        void throwIfAnyThrowsInvalidArgumentWithEveryViolationInOrder() {
            violations.add("incident.title", "is required");
            violations.add("incident.country", "must be an ISO 3166-1 alpha-2 country code in upper case, like \"PK\"");
            violations.add("incident.sources[0].url", "must be an absolute http or https URL");
            List<FieldViolation> expected = violations.list();

            InvalidArgumentException e = assertThrows(InvalidArgumentException.class, violations::throwIfAny);

            assertEquals(expected, e.violations());
            assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
            assertEquals("INVALID_ARGUMENT", e.reason());
            assertEquals("3", e.metadata().get("violations"));
            assertEquals(List.of(BadRequest.newBuilder().addAllFieldViolations(expected).build()), e.details());
            assertEquals("Invalid request: 3 fields are invalid; see the BadRequest details.", e.getMessage());
        }

        @Test
        void singleViolationIsNamedInTheMessage() {
            violations.add("incident.title", "is required");

            InvalidArgumentException e = assertThrows(InvalidArgumentException.class, violations::throwIfAny);

            assertEquals("Invalid request: incident.title: is required", e.getMessage());
            assertEquals("1", e.metadata().get("violations"));
        }

        @Test
        void exceptionIsNotAffectedByLaterAdds() {
            violations.add("a", "first");
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class, violations::throwIfAny);

            violations.add("b", "second");

            assertEquals(1, e.violations().size());
            assertEquals(1, ((BadRequest) e.details().get(0)).getFieldViolationsCount());
        }
    }

    @Nested
    class RequiredText {

        @Test
        void nonBlankWithinLimitPasses() {
            violations.requiredText("title", "Flooding near Sukkur", 100);
            assertNoViolation();
        }

        @Test
        void emptyIsRequired() {
            violations.requiredText("title", "", 100);
            assertEquals("is required", onlyViolationOn("title"));
        }

        @ParameterizedTest
        @ValueSource(strings = {" ", "   ", "\t", "\n \t"})
        void blankIsRequired(String blank) {
            violations.requiredText("title", blank, 100);
            assertEquals("is required", onlyViolationOn("title"));
        }

        @Test
        void exactlyMaxLengthPasses() {
            violations.requiredText("title", "x".repeat(10), 10);
            assertNoViolation();
        }

        @Test
        void overMaxLengthIsRefusedOnce() {
            violations.requiredText("title", "x".repeat(11), 10);
            assertEquals("must be at most 10 characters (got 11)", onlyViolationOn("title"));
        }
    }

    @Nested
    class MaxLength {

        @Test
        void emptyPasses() {
            violations.maxLength("summary", "", 5);
            assertNoViolation();
        }

        @Test
        void atBoundaryPasses() {
            violations.maxLength("summary", "abcde", 5);
            assertNoViolation();
        }

        @Test
        void oneOverBoundaryIsRefused() {
            violations.maxLength("summary", "abcdef", 5);
            assertEquals("must be at most 5 characters (got 6)", onlyViolationOn("summary"));
        }

        @Test
        void blankIsNotRequired() {
            violations.maxLength("summary", "   ", 5);
            assertNoViolation();
        }

        @Test
        void nulCharactersAreRefused() {
            violations.maxLength("summary", "a\u0000b", 5);
            assertEquals("must not contain NUL characters", onlyViolationOn("summary"));
        }
    }

    @Nested
    class TextCharacters {

        @ParameterizedTest
        @ValueSource(strings = {
                "Attack on Chinese engineers near Dasu",
                "کراچی ایئرپورٹ کے قریب دھماکہ",
                "中巴经济走廊",
                "Sukkur \u200f(سکھر)\u200e flood", // LRM/RLM marks are kept for mixed-direction text
                "ملک\u061c 2024", // the Arabic letter mark too
                "emoji 🙂 and non-breaking\u00a0space"})
        void printableTextPassesEverywhere(String text) {
            violations.requiredText("title", text, 500);
            violations.maxLength("place.name", text, 500);
            violations.requiredMultiLineText("text", text, 500);
            violations.maxLengthMultiLine("summary", text, 500);
            assertNoViolation();
        }

        @ParameterizedTest
        @ValueSource(strings = {"\u001b[2J\u001b[Htitle", "ring\u0007", "del\u007f", "back\bspace", "\u0085next line",
                "csi\u009b31m", "osc\u009d0;pwned\u009c", "form\ffeed", "vertical\u000btab", "unit\u001fsep"})
        void controlCharactersAreRefusedInSingleLineText(String text) {
            violations.requiredText("incident.title", text, 500);
            assertTrue(onlyViolationOn("incident.title").startsWith("must not contain control characters (found U+"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"\u001b[2J\u001b[Hwords", "ring\u0007", "del\u007f", "back\bspace", "\u0085next line",
                "csi\u009b31m", "form\ffeed", "vertical\u000btab"})
        void controlCharactersOtherThanLineBreaksAreRefusedInMultiLineText(String text) {
            violations.maxLengthMultiLine("incident.summary", text, 500);
            assertTrue(onlyViolationOn("incident.summary").startsWith(
                    "must not contain control characters other than tab, line feed and CR LF (found U+"));
        }

        @Test
        void theFirstRefusedCharacterIsNamedWithItsOffsetInCodePoints() {
            violations.requiredText("incident.title", "🙂 ok \u001b[31mred\u0007", 500);
            assertEquals("must not contain control characters (found U+001B at offset 5)",
                    onlyViolationOn("incident.title"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"two\nlines", "tab\tbed", "crlf\r\n", "cr\r", "line\u2028separator",
                "paragraph\u2029separator"})
        void singleLineTextRefusesTabsAndLineBreaks(String text) {
            violations.maxLength("source.outlet", text, 500);
            assertTrue(onlyViolationOn("source.outlet")
                    .startsWith("must be a single line, without tabs or line breaks (found U+"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"first paragraph\n\nsecond", "pasted from Windows\r\nnext line\r\n",
                "a\ttable\trow", "line\u2028separator"})
        void multiLineTextKeepsTabsLineFeedsAndCrLf(String text) {
            violations.requiredMultiLineText("statement.text", text, 500);
            assertNoViolation();
        }

        @ParameterizedTest
        @ValueSource(strings = {"overprinted\rhidden", "ends with\r", "\r\rdouble\n"})
        void multiLineTextRefusesACarriageReturnOutsideCrLf(String text) {
            violations.maxLengthMultiLine("note", text, 500);
            assertTrue(onlyViolationOn("note").startsWith(
                    "must not contain a carriage return other than in a CR LF line break (found U+000D"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                "\u2069"})
        void bidiEmbeddingsOverridesAndIsolatesAreRefusedEverywhere(String bidi) {
            String text = "invoice " + bidi + "fdp.exe";
            violations.maxLength("source.title", text, 500);
            violations.maxLengthMultiLine("source.excerpt", text, 500);
            String expected = String.format("must not contain bidirectional embedding, override or isolate characters"
                    + " (found U+%04X at offset 8)", (int) bidi.charAt(0));
            assertEquals(List.of(
                    FieldViolation.newBuilder().setField("source.title").setDescription(expected).build(),
                    FieldViolation.newBuilder().setField("source.excerpt").setDescription(expected).build()),
                    violations.list());
        }

        @Test
        void nulKeepsItsWordingInBothKinds() {
            violations.requiredText("title", "a\u0000b", 5);
            violations.maxLengthMultiLine("summary", "a\u0000b", 5);
            assertEquals(List.of("must not contain NUL characters", "must not contain NUL characters"),
                    violations.list().stream().map(FieldViolation::getDescription).toList());
        }

        @Test
        void oneViolationPerFieldHoweverManyCharactersAreRefused() {
            violations.requiredText("title", "\u001b\u0007\u007f\n\u202e", 500);
            assertEquals("must not contain control characters (found U+001B at offset 0)", onlyViolationOn("title"));
        }

        @Test
        void lengthAndCharactersAreBothReported() {
            violations.maxLength("title", "\u001b".repeat(6), 5);
            assertEquals(List.of("must be at most 5 characters (got 6)",
                    "must not contain control characters (found U+001B at offset 0)"),
                    violations.list().stream().map(FieldViolation::getDescription).toList());
        }

        @Test
        void blankRequiredMultiLineTextIsRequired() {
            violations.requiredMultiLineText("statement.text", " \r\n\t\n", 500);
            assertEquals("is required", onlyViolationOn("statement.text"));
        }

        @Test
        void multiLineTextHasTheSameLengthLimit() {
            violations.requiredMultiLineText("statement.text", "x\n".repeat(3), 5);
            assertEquals("must be at most 5 characters (got 6)", onlyViolationOn("statement.text"));
        }
    }

    @Nested
    class CountryCode {

        @ParameterizedTest
        @ValueSource(strings = {"PK", "AF", "IN", "US"})
        void upperCaseIsoCodePasses(String code) {
            violations.countryCode("country", code, true);
            assertNoViolation();
        }

        @ParameterizedTest
        @ValueSource(strings = {"pk", "Pk", "XX", "PAK", "P", " PK", "PK "})
        void otherValuesAreRefused(String code) {
            violations.countryCode("country", code, false);
            assertEquals("must be an ISO 3166-1 alpha-2 country code in upper case, like \"PK\"",
                    onlyViolationOn("country"));
        }

        @Test
        void emptyPassesWhenOptional() {
            violations.countryCode("country", "", false);
            assertNoViolation();
        }

        @Test
        void emptyIsRefusedWhenRequired() {
            violations.countryCode("country", "", true);
            assertEquals("is required", onlyViolationOn("country"));
        }
    }

    @Nested
    class HttpUrl {

        @ParameterizedTest
        @ValueSource(strings = {
                "http://example.com",
                "https://example.com/path?q=1#frag",
                "HTTPS://EXAMPLE.COM/",
                "https://news.example.pk:8443/a/b",
                "http://192.0.2.1/x"})
        void absoluteHttpUrlsPass(String url) {
            violations.httpUrl("source.url", url);
            assertNoViolation();
        }

        @Test
        void emptyPasses() {
            violations.httpUrl("source.url", "");
            assertNoViolation();
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "ftp://example.com/file",
                "javascript:alert(1)",
                "/relative/path",
                "relative/path",
                "example.com",
                "//example.com/path",
                "http:///path",
                "http://",
                "https:",
                "mailto:someone@example.com",
                "file:///etc/passwd",
                "http://exa mple.com/",
                "not a url"})
        void nonHttpOrHostlessOrMalformedIsRefused(String url) {
            violations.httpUrl("source.url", url);
            assertEquals("must be an absolute http or https URL", onlyViolationOn("source.url"));
        }

        @Test
        void exactly2048CharactersPasses() {
            String prefix = "https://example.com/";
            String url = prefix + "a".repeat(2048 - prefix.length());
            assertEquals(2048, url.length());

            violations.httpUrl("source.url", url);

            assertNoViolation();
        }

        @Test
        void over2048CharactersIsRefused() {
            String prefix = "https://example.com/";
            String url = prefix + "a".repeat(2049 - prefix.length());
            assertEquals(2049, url.length());

            violations.httpUrl("source.url", url);

            assertEquals("must be at most 2048 characters", onlyViolationOn("source.url"));
        }
    }

    @Nested
    class Uuid {

        @ParameterizedTest
        @ValueSource(strings = {
                "123e4567-e89b-12d3-a456-426614174000",
                "123E4567-E89B-12D3-A456-426614174000",
                "00000000-0000-0000-0000-000000000000"})
        void canonicalFormPasses(String uuid) {
            violations.uuid("request_id", uuid);
            assertNoViolation();
        }

        @Test
        void emptyPasses() {
            violations.uuid("request_id", "");
            assertNoViolation();
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "1-1-1-1-1",
                "123e4567-e89b-12d3-a456-42661417400",
                "0123e4567-e89b-12d3-a456-426614174000",
                "123e4567e89b12d3a456426614174000",
                "{123e4567-e89b-12d3-a456-426614174000}",
                "123e4567-e89b-12d3-a456-42661417400g",
                "not-a-uuid",
                " 123e4567-e89b-12d3-a456-426614174000"})
        void otherFormsAreRefused(String uuid) {
            violations.uuid("request_id", uuid);
            assertEquals("must be a UUID like 123e4567-e89b-12d3-a456-426614174000", onlyViolationOn("request_id"));
        }
    }

    @Nested
    class ResourceId {

        @ParameterizedTest
        @ValueSource(strings = {"a", "0", "flood-2024", "a1-b2-c3"})
        void validIdsPass(String id) {
            violations.resourceId("incident_id", id);
            assertNoViolation();
        }

        @Test
        void sixtyThreeCharactersPass() {
            violations.resourceId("incident_id", "a".repeat(63));
            assertNoViolation();
        }

        @Test
        void emptyPasses() {
            violations.resourceId("incident_id", "");
            assertNoViolation();
        }

        @ParameterizedTest
        @ValueSource(strings = {"UPPER", "-a", "a-", "a_b", "a.b", "a/b", "a b", "é"})
        void invalidIdsAreRefused(String id) {
            violations.resourceId("incident_id", id);
            assertEquals("must be 1 to 63 lower-case letters, digits or hyphens, not starting or ending with a hyphen",
                    onlyViolationOn("incident_id"));
        }

        @Test
        void sixtyFourCharactersAreRefused() {
            violations.resourceId("incident_id", "a".repeat(64));
            onlyViolationOn("incident_id");
        }
    }

    @Nested
    class MaxItems {

        @Test
        void emptyPasses() {
            violations.maxItems("sources", Collections.emptyList(), 0);
            assertNoViolation();
        }

        @Test
        void atMaximumPasses() {
            violations.maxItems("sources", List.of(1, 2, 3), 3);
            assertNoViolation();
        }

        @Test
        void overMaximumIsRefused() {
            violations.maxItems("sources", List.of(1, 2, 3, 4), 3);
            assertEquals("must have at most 3 items (got 4)", onlyViolationOn("sources"));
        }
    }

    @Nested
    class EnumValue {

        @Test
        void knownNonZeroValuePassesWhenRequired() {
            violations.enumValue("code", Code.NOT_FOUND, true);
            assertNoViolation();
        }

        @Test
        void knownNonZeroValuePassesWhenOptional() {
            violations.enumValue("code", Code.INTERNAL, false);
            assertNoViolation();
        }

        @Test
        void zeroValuePassesWhenOptional() {
            violations.enumValue("code", Code.OK, false);
            assertNoViolation();
        }

        @Test
        void zeroValueIsRefusedWhenRequired() {
            violations.enumValue("code", Code.OK, true);
            assertEquals("is required (must not be OK)", onlyViolationOn("code"));
        }

        @Test
        void unrecognizedValueIsRefusedWhenOptional() {
            violations.enumValue("code", Code.UNRECOGNIZED, false);
            assertEquals("is not a known value", onlyViolationOn("code"));
        }

        @Test
        void unrecognizedValueIsRefusedOnceWhenRequired() {
            violations.enumValue("code", Code.UNRECOGNIZED, true);
            assertEquals("is not a known value", onlyViolationOn("code"));
        }

        @Test
        void unknownNumberParsedFromTheWireIsRefused() throws Exception {
            // What a server sees when a newer client sends an enum number this build does not know.
            byte[] wire = com.google.protobuf.Field.newBuilder().setKindValue(999).build().toByteArray();
            com.google.protobuf.Field parsed = com.google.protobuf.Field.parseFrom(wire);
            assertEquals(com.google.protobuf.Field.Kind.UNRECOGNIZED, parsed.getKind());

            violations.enumValue("field.kind", parsed.getKind(), true);

            assertEquals("is not a known value", onlyViolationOn("field.kind"));
        }
    }

    @Nested
    class Range {

        @Test
        void boundsAreInclusive() {
            violations.range("severity", 1, 1, 5);
            violations.range("severity", 5, 1, 5);
            violations.range("severity", 3, 1, 5);
            assertNoViolation();
        }

        @Test
        void belowMinimumIsRefused() {
            violations.range("severity", 0, 1, 5);
            assertEquals("must be between 1 and 5 (got 0)", onlyViolationOn("severity"));
        }

        @Test
        void aboveMaximumIsRefused() {
            violations.range("severity", 6, 1, 5);
            assertEquals("must be between 1 and 5 (got 6)", onlyViolationOn("severity"));
        }

        @Test
        void extremeLongValuesAreHandled() {
            violations.range("count", Long.MIN_VALUE, 0, Long.MAX_VALUE);
            assertEquals("must be between 0 and " + Long.MAX_VALUE + " (got " + Long.MIN_VALUE + ")",
                    onlyViolationOn("count"));
        }
    }

    @Nested
    class PartialDate {

        @Test
        void absentPassesWhenOptional() {
            violations.partialDate("occurred_on", false, Date.getDefaultInstance(), false, true);
            assertNoViolation();
        }

        @Test
        void absentIsRefusedWhenRequired() {
            violations.partialDate("occurred_on", false, Date.getDefaultInstance(), true, true);
            assertEquals("is required", onlyViolationOn("occurred_on"));
        }

        @Test
        void absentIsNotCheckedEvenIfTheValueIsNonsense() {
            violations.partialDate("occurred_on", false, date(0, 13, 40), false, true);
            assertNoViolation();
        }

        @Test
        void presentButEmptyDateIsRefusedForItsYear() {
            violations.partialDate("occurred_on", true, Date.getDefaultInstance(), false, false);
            assertEquals("year must be between 1 and 9999", onlyViolationOn("occurred_on"));
        }

        @Test
        void yearOnlyPasses() {
            violations.partialDate("occurred_on", true, date(2022, 0, 0), true, true);
            assertNoViolation();
        }

        @Test
        void yearAndMonthPasses() {
            violations.partialDate("occurred_on", true, date(2022, 8, 0), true, true);
            assertNoViolation();
        }

        @Test
        void fullDatePasses() {
            violations.partialDate("occurred_on", true, date(2022, 8, 27), true, true);
            assertNoViolation();
        }

        @Test
        void february29InLeapYearPasses() {
            violations.partialDate("occurred_on", true, date(2024, 2, 29), true, true);
            violations.partialDate("occurred_on", true, date(2000, 2, 29), true, true);
            assertNoViolation();
        }

        @Test
        void february29InNonLeapYearIsRefused() {
            violations.partialDate("occurred_on", true, date(2023, 2, 29), true, true);
            assertEquals("is not a real calendar date", onlyViolationOn("occurred_on"));
        }

        @Test
        void february29In1900IsRefused() {
            violations.partialDate("occurred_on", true, date(1900, 2, 29), false, false);
            assertEquals("is not a real calendar date", onlyViolationOn("occurred_on"));
        }

        @Test
        void month13IsRefused() {
            violations.partialDate("occurred_on", true, date(2022, 13, 0), true, true);
            assertEquals("month must be between 1 and 12, or 0 when only the year is known",
                    onlyViolationOn("occurred_on"));
        }

        @Test
        void dayWithMonthZeroIsRefused() {
            violations.partialDate("occurred_on", true, date(2022, 0, 5), true, true);
            assertEquals("day must be 0 when month is 0", onlyViolationOn("occurred_on"));
        }

        @Test
        void futureDateIsRefusedWhenNotInFuture() {
            Date future = PartialDates.of(PartialDates.todayUtc().plusDays(30));
            violations.partialDate("occurred_on", true, future, true, true);
            assertEquals("must not be in the future", onlyViolationOn("occurred_on"));
        }

        @Test
        void futureYearIsRefusedWhenNotInFuture() {
            Date future = date(PartialDates.todayUtc().getYear() + 2, 0, 0);
            violations.partialDate("occurred_on", true, future, true, true);
            assertEquals("must not be in the future", onlyViolationOn("occurred_on"));
        }

        @Test
        void futureDatePassesWhenFutureIsAllowed() {
            Date future = PartialDates.of(PartialDates.todayUtc().plusDays(30));
            violations.partialDate("planned_on", true, future, true, false);
            assertNoViolation();
        }

        @Test
        void todayPassesWhenNotInFuture() {
            violations.partialDate("occurred_on", true, PartialDates.of(PartialDates.todayUtc()), true, true);
            assertNoViolation();
        }

        @Test
        void currentYearAndMonthPassWhenNotInFuture() {
            LocalDate today = PartialDates.todayUtc();
            violations.partialDate("occurred_on", true, date(today.getYear(), 0, 0), true, true);
            violations.partialDate("occurred_on", true, date(today.getYear(), today.getMonthValue(), 0), true, true);
            assertNoViolation();
        }

        @Test
        void invalidFutureDateReportsOnlyTheCalendarProblem() {
            Date bad = date(9999, 2, 30);
            violations.partialDate("occurred_on", true, bad, true, true);
            assertEquals("is not a real calendar date", onlyViolationOn("occurred_on"));
        }
    }

    @Test
    void helpersAccumulateAcrossFieldsInCallOrder() {
        violations.requiredText("incident.title", "", 10);
        violations.countryCode("incident.country", "pk", true);
        violations.httpUrl("incident.sources[0].url", "ftp://x");
        violations.uuid("request_id", "1-1-1-1-1");
        violations.enumValue("incident.code", Code.OK, true);

        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, violations::throwIfAny);

        assertEquals(List.of("incident.title", "incident.country", "incident.sources[0].url", "request_id",
                "incident.code"), e.violations().stream().map(FieldViolation::getField).toList());
    }
}
