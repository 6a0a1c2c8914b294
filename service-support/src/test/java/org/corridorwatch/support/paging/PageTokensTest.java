package org.corridorwatch.support.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.corridorwatch.support.validation.Violations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.rpc.BadRequest.FieldViolation;
import com.google.rpc.ErrorInfo;
import com.google.type.Date;

class PageTokensTest {

    private static final String NOT_OURS = "is not a page token issued by this service";
    private static final String OTHER_QUERY = "belongs to a different query; repeat the request that returned it with "
            + "only page_token and page_size changed";

    private static final Date QUERY = Date.newBuilder().setYear(2024).setMonth(6).build();
    private static final Date OTHER = Date.newBuilder().setYear(2023).setMonth(6).build();

    private final Violations violations = new Violations();

    private void assertOneViolation(String field, String description) {
        assertEquals(List.of(FieldViolation.newBuilder().setField(field).setDescription(description).build()),
                violations.list());
    }

    private static String decodeText(String token) {
        return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    }

    private static String encodeText(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void cursorRoundTrips() {
        List<String> cursor = List.of("2024-06-15", "incidents/flood-2024");
        String token = PageTokens.encode(QUERY, cursor);

        assertEquals(cursor, PageTokens.decode(token, QUERY, 2, "page_token", violations));
        assertTrue(violations.isEmpty());
    }

    @Test
    void cursorWithEmptyAndUnicodePartsRoundTrips() {
        List<String> cursor = List.of("", "کراچی", "a b/c+d=e", "");
        String token = PageTokens.encode(QUERY, cursor);

        assertEquals(cursor, PageTokens.decode(token, QUERY, 4, "page_token", violations));
        assertTrue(violations.isEmpty());
    }

    @Test
    void singlePartCursorRoundTrips() {
        String token = PageTokens.encode(QUERY, List.of("42"));

        assertEquals(List.of("42"), PageTokens.decode(token, QUERY, 1, "page_token", violations));
        assertTrue(violations.isEmpty());
    }

    @Test
    void tokenIsUrlSafeAndUnpadded() {
        String token = PageTokens.encode(QUERY, List.of("2024-06-15", "incidents/flood-2024", "?>~"));

        assertFalse(token.isEmpty());
        assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
    }

    @Test
    void equalQueriesGiveEqualTokens() {
        Date sameQuery = Date.newBuilder().setMonth(6).setYear(2024).build();

        assertEquals(PageTokens.encode(QUERY, List.of("x")), PageTokens.encode(sameQuery, List.of("x")));
        assertEquals(List.of("x"),
                PageTokens.decode(PageTokens.encode(QUERY, List.of("x")), sameQuery, 1, "page_token", violations));
        assertTrue(violations.isEmpty());
    }

    @Test
    void emptyTokenIsTheFirstPage() {
        assertEquals(List.of(), PageTokens.decode("", QUERY, 2, "page_token", violations));
        assertTrue(violations.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!", "not base64", "a", "abc$", "YWJj=YWJj", "a+b/"})
    void malformedBase64AddsOneViolation(String token) {
        assertNull(PageTokens.decode(token, QUERY, 2, "request.page_token", violations));
        assertOneViolation("request.page_token", NOT_OURS);
    }

    @Test
    void wellFormedBase64ThatIsNotATokenAddsOneViolation() {
        assertNull(PageTokens.decode(encodeText("hello world"), QUERY, 2, "page_token", violations));
        assertOneViolation("page_token", NOT_OURS);
    }

    @Test
    void wrongVersionAddsOneViolation() {
        String token = PageTokens.encode(QUERY, List.of("a", "b"));
        String text = decodeText(token);
        assertTrue(text.startsWith("1\u001f"), "the test assumes version 1 first");
        String forged = encodeText("2" + text.substring(1));

        assertNull(PageTokens.decode(forged, QUERY, 2, "page_token", violations));
        assertOneViolation("page_token", NOT_OURS);
    }

    @Test
    void tooFewCursorPartsAddsOneViolation() {
        String token = PageTokens.encode(QUERY, List.of("a"));

        assertNull(PageTokens.decode(token, QUERY, 2, "page_token", violations));
        assertOneViolation("page_token", NOT_OURS);
    }

    @Test
    void tooManyCursorPartsAddsOneViolation() {
        String token = PageTokens.encode(QUERY, List.of("a", "b", "c"));

        assertNull(PageTokens.decode(token, QUERY, 2, "page_token", violations));
        assertOneViolation("page_token", NOT_OURS);
    }

    @Test
    void tokenFromADifferentQueryAddsOneViolation() {
        String token = PageTokens.encode(QUERY, List.of("a", "b"));

        assertNull(PageTokens.decode(token, OTHER, 2, "page_token", violations));
        assertOneViolation("page_token", OTHER_QUERY);
    }

    @Test
    void tokenFromADifferentErrorInfoQueryAddsOneViolation() {
        ErrorInfo query = ErrorInfo.newBuilder().setReason("A").setDomain("x").build();
        ErrorInfo other = ErrorInfo.newBuilder().setReason("B").setDomain("x").build();
        String token = PageTokens.encode(query, List.of("a"));
        assertNotEquals(token, PageTokens.encode(other, List.of("a")));

        assertNull(PageTokens.decode(token, other, 1, "page_token", violations));
        assertOneViolation("page_token", OTHER_QUERY);
    }

    @Test
    void tokenIsBoundToTheDefaultQueryToo() {
        String token = PageTokens.encode(Date.getDefaultInstance(), List.of("a"));

        assertEquals(List.of("a"), PageTokens.decode(token, Date.getDefaultInstance(), 1, "page_token", violations));
        assertNull(PageTokens.decode(token, QUERY, 1, "page_token", violations));
        assertOneViolation("page_token", OTHER_QUERY);
    }

    @Test
    void tamperedFingerprintAddsOneViolation() {
        String text = decodeText(PageTokens.encode(QUERY, List.of("a")));
        String[] parts = text.split("\u001f", -1);
        char first = parts[1].charAt(0);
        parts[1] = (first == '0' ? '1' : '0') + parts[1].substring(1);
        String forged = encodeText(String.join("\u001f", parts));

        assertNull(PageTokens.decode(forged, QUERY, 1, "page_token", violations));
        assertOneViolation("page_token", OTHER_QUERY);
    }

    @Test
    void tamperedCursorIsReturnedAsGiven() {
        // Documented: tampering can at worst move the cursor within the same query's results.
        String text = decodeText(PageTokens.encode(QUERY, List.of("a")));
        String forged = encodeText(text.substring(0, text.length() - 1) + "z");

        assertEquals(List.of("z"), PageTokens.decode(forged, QUERY, 1, "page_token", violations));
        assertTrue(violations.isEmpty());
    }

    @Test
    void equalMapQueriesBuiltInDifferentOrderShareTokens() {
        // Two equal requests must be recognised as the same query whatever order the client (or its
        // language's map iteration) put the map entries in on the wire.
        ErrorInfo query = ErrorInfo.newBuilder().putMetadata("a", "1").putMetadata("b", "2").build();
        ErrorInfo sameQuery = ErrorInfo.newBuilder().putMetadata("b", "2").putMetadata("a", "1").build();
        assertEquals(query, sameQuery);
        String token = PageTokens.encode(query, List.of("x"));

        assertEquals(List.of("x"), PageTokens.decode(token, sameQuery, 1, "page_token", violations));
        assertTrue(violations.isEmpty(), () -> violations.list().toString());
    }

    @Test
    void tokenBuiltFromThePlainSerializationOfAMapFreeQueryDecodes() throws Exception {
        // The fingerprint is the first 12 bytes of SHA-256 over the query's bytes, in hex; for messages
        // without maps these are the plain toByteArray() bytes, so tokens issued earlier stay valid.
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(QUERY.toByteArray());
        String token = encodeText("1\u001f" + HexFormat.of().formatHex(digest, 0, 12) + "\u001fa\u001fb");

        assertEquals(List.of("a", "b"), PageTokens.decode(token, QUERY, 2, "page_token", violations));
        assertTrue(violations.isEmpty(), () -> violations.list().toString());
    }

    @Test
    void violationIsAddedAfterExistingOnes() {
        violations.add("page_size", "must not be negative");

        assertNull(PageTokens.decode("!!!", QUERY, 1, "page_token", violations));

        assertEquals(List.of("page_size", "page_token"),
                violations.list().stream().map(FieldViolation::getField).toList());
    }
}
