package org.corridorwatch.support.paging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
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

    private static final PageTokenKey KEY = PageTokenKey.of("k".repeat(PageTokenKey.MIN_LENGTH));
    private static final int SIGNATURE_LENGTH = 32;

    /** The text a token carries before its signature. */
    private static String decodeText(String token) {
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        return new String(bytes, 0, bytes.length - SIGNATURE_LENGTH, StandardCharsets.UTF_8);
    }

    /** A token of {@code text} without a signature, as a client could make one. */
    private static String encodeText(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A token of {@code text} signed with {@code key}, as only the service can make one. */
    private static String signText(PageTokenKey key, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] token = Arrays.copyOf(payload, payload.length + SIGNATURE_LENGTH);
        System.arraycopy(key.sign(payload), 0, token, payload.length, SIGNATURE_LENGTH);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
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
        String token = PageTokens.encode(KEY, QUERY, List.of("a", "b"));
        String text = decodeText(token);
        assertTrue(text.startsWith("2\u001f"), "the test assumes version 2 first");
        // Signed, so that it is the version that is refused.
        String forged = signText(KEY, "3" + text.substring(1));

        assertNull(PageTokens.decode(KEY, forged, QUERY, 2, "page_token", violations));
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
        // Was "belongs to a different query" while tokens were unsigned; a client cannot re-sign an
        // altered token, so it is now simply not one of ours.
        String text = decodeText(PageTokens.encode(KEY, QUERY, List.of("a")));
        String[] parts = text.split("\u001f", -1);
        char first = parts[1].charAt(0);
        parts[1] = (first == '0' ? '1' : '0') + parts[1].substring(1);
        String forged = encodeText(String.join("\u001f", parts));

        assertNull(PageTokens.decode(KEY, forged, QUERY, 1, "page_token", violations));
        assertOneViolation("page_token", NOT_OURS);
    }

    @Test
    void signedTokenOfAnotherFingerprintBelongsToADifferentQuery() {
        String text = decodeText(PageTokens.encode(KEY, OTHER, List.of("a")));

        assertNull(PageTokens.decode(KEY, signText(KEY, text), QUERY, 1, "page_token", violations));
        assertOneViolation("page_token", OTHER_QUERY);
    }

    @Test
    void tamperedCursorAddsOneViolation() {
        // Was accepted (the cursor "returned as given") while tokens were unsigned: AIP-158 wants
        // tokens clients cannot alter, so a changed cursor is refused like any altered token.
        String text = decodeText(PageTokens.encode(KEY, QUERY, List.of("a")));
        String forged = encodeText(text.substring(0, text.length() - 1) + "z");

        assertNull(PageTokens.decode(KEY, forged, QUERY, 1, "page_token", violations));
        assertOneViolation("page_token", NOT_OURS);
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
    void unsignedVersionOneTokenIsRefused() throws Exception {
        // Tokens as issued before they were signed (version 1: fingerprint over the query's bytes
        // alone, no signature) used to stay valid; anyone could write them, so they no longer do.
        // A client holding one starts again from the first page.
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(QUERY.toByteArray());
        String token = encodeText("1\u001f" + HexFormat.of().formatHex(digest, 0, 12) + "\u001fa\u001fb");

        assertNull(PageTokens.decode(token, QUERY, 2, "page_token", violations));
        assertOneViolation("page_token", NOT_OURS);
    }

    @Test
    void tokenOfAnotherMethodIsRefusedEvenWhenBothRequestsAreEmpty() {
        // Two empty requests serialize to the same zero bytes (ListDeals' and ListIncidents' did):
        // only the request type tells the methods apart.
        assertEquals(0, Date.getDefaultInstance().getSerializedSize());
        assertEquals(0, ErrorInfo.getDefaultInstance().getSerializedSize());
        String token = PageTokens.encode(KEY, Date.getDefaultInstance(), List.of("a"));

        assertNull(PageTokens.decode(KEY, token, ErrorInfo.getDefaultInstance(), 1, "page_token", violations));
        assertOneViolation("page_token", OTHER_QUERY);
    }

    @Test
    void tokenOfAnotherMethodWithTheSameFieldBytesIsRefused() {
        // Field 1 = 2024 in both: the same bytes, another message type.
        com.google.protobuf.Int32Value sameBytes = com.google.protobuf.Int32Value.of(2024);
        assertArrayEquals(Date.newBuilder().setYear(2024).build().toByteArray(), sameBytes.toByteArray());
        String token = PageTokens.encode(KEY, Date.newBuilder().setYear(2024).build(), List.of("a"));

        assertNull(PageTokens.decode(KEY, token, sameBytes, 1, "page_token", violations));
        assertOneViolation("page_token", OTHER_QUERY);
    }

    @Test
    void everyTruncationIsRefused() {
        String token = PageTokens.encode(KEY, QUERY, List.of("2024-06-15", "flood-2024"));

        for (int length = 1; length < token.length(); length++) {
            Violations v = new Violations();
            String truncated = token.substring(0, length);
            assertNull(PageTokens.decode(KEY, truncated, QUERY, 2, "page_token", v), truncated);
            assertEquals(List.of(NOT_OURS), v.list().stream().map(FieldViolation::getDescription).toList());
        }
    }

    @Test
    void everySingleBitFlipIsRefused() {
        String token = PageTokens.encode(KEY, QUERY, List.of("2024-06-15", "flood-2024"));
        byte[] bytes = Base64.getUrlDecoder().decode(token);

        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] flipped = bytes.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(flipped);
            Violations v = new Violations();
            assertNull(PageTokens.decode(KEY, forged, QUERY, 2, "page_token", v), "bit " + bit);
            assertEquals(List.of(NOT_OURS), v.list().stream().map(FieldViolation::getDescription).toList());
        }
    }

    @Test
    void everyChangedCharacterIsRefused() {
        // Also the last character, whose low bits the base64 decoder would ignore.
        String token = PageTokens.encode(KEY, QUERY, List.of("2024-06-15", "flood-2024"));

        for (int i = 0; i < token.length(); i++) {
            for (char replacement : new char[] {'A', 'B', 'Q', 'g', 'w', '-', '_'}) {
                if (token.charAt(i) != replacement) {
                    String forged = token.substring(0, i) + replacement + token.substring(i + 1);
                    assertNull(PageTokens.decode(KEY, forged, QUERY, 2, "page_token", new Violations()), forged);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "==", "A", "AA"})
    void appendedCharactersAreRefused(String suffix) {
        String token = PageTokens.encode(KEY, QUERY, List.of("a"));

        assertNull(PageTokens.decode(KEY, token + suffix, QUERY, 1, "page_token", violations));
        assertOneViolation("page_token", NOT_OURS);
    }

    @Test
    void tokenSignedWithAnotherKeyIsRefused() {
        String token = PageTokens.encode(PageTokenKey.of("another key of thirty-two characters"), QUERY, List.of("a"));

        assertNull(PageTokens.decode(KEY, token, QUERY, 1, "page_token", violations));
        assertOneViolation("page_token", NOT_OURS);
    }

    @Test
    void tokenSignedByAReplicaWithTheSameSecretDecodes() {
        String secret = "the secret every replica is given";
        String token = PageTokens.encode(PageTokenKey.of(secret), QUERY, List.of("2024-06-15", "flood-2024"));

        assertEquals(List.of("2024-06-15", "flood-2024"),
                PageTokens.decode(PageTokenKey.of(secret), token, QUERY, 2, "page_token", violations));
        assertTrue(violations.isEmpty(), () -> violations.list().toString());
    }

    @Test
    void tokenOfTheConfiguredKeyRoundTripsThroughTheDefaultMethods() {
        String token = PageTokens.encode(PageTokenKey.configured(), QUERY, List.of("a"));

        assertEquals(List.of("a"), PageTokens.decode(token, QUERY, 1, "page_token", violations));
        assertEquals(List.of("a"), PageTokens.decode(PageTokenKey.configured(), PageTokens.encode(QUERY, List.of("a")),
                QUERY, 1, "page_token", violations));
        assertTrue(violations.isEmpty(), () -> violations.list().toString());
    }

    @Test
    void cursorPartsWithTheSeparatorAreNotEncoded() {
        assertThrows(IllegalArgumentException.class, () -> PageTokens.encode(KEY, QUERY, List.of("a\u001fb")));
    }

    @Test
    void violationIsAddedAfterExistingOnes() {
        violations.add("page_size", "must not be negative");

        assertNull(PageTokens.decode("!!!", QUERY, 1, "page_token", violations));

        assertEquals(List.of("page_size", "page_token"),
                violations.list().stream().map(FieldViolation::getField).toList());
    }
}
