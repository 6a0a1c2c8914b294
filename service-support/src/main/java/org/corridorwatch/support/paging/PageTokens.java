package org.corridorwatch.support.paging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.corridorwatch.support.validation.Violations;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;

/**
 * Opaque page tokens for keyset pagination (AIP-158). A token carries the sort key of the last row
 * of the page it ends (the cursor) and a fingerprint of the method and query it belongs to, so a
 * token replayed against another method or query is refused instead of silently returning the
 * wrong rows. It is signed with HMAC-SHA256 under the service's {@link PageTokenKey}: a token
 * altered, truncated, forged or signed by another key is refused as not issued by this service.
 *
 * <p>The token is not secret: base64url of {@code version US fingerprint (US cursor-part)*}
 * followed by the 32-byte signature. Cursor values are still checked when read (KeysetOrder and
 * the services do), so a token signed before a cursor's format changed is refused too, and bound
 * as SQL parameters.
 */
public final class PageTokens {

    private static final String VERSION = "2";
    private static final char SEPARATOR = '\u001f'; // ASCII unit separator: never in ids, dates or numbers
    private static final int SIGNATURE_LENGTH = 32;
    private static final String NOT_OURS = "is not a page token issued by this service";
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private PageTokens() {
    }

    /**
     * The token continuing after {@code cursor} for {@code query}, signed with this process's key:
     * {@code query} is the list request with its page_token and page_size cleared (page size may
     * change between pages, AIP-158). Its message type names the method.
     */
    public static String encode(Message query, List<String> cursor) {
        return encode(PageTokenKey.configured(), query, cursor);
    }

    /** As {@link #encode(Message, List)}, signed with {@code key}. */
    public static String encode(PageTokenKey key, Message query, List<String> cursor) {
        StringBuilder text = new StringBuilder(VERSION).append(SEPARATOR).append(fingerprint(query));
        for (String part : cursor) {
            if (part.indexOf(SEPARATOR) >= 0) {
                throw new IllegalArgumentException("a cursor part must not contain U+001F");
            }
            text.append(SEPARATOR).append(part);
        }
        byte[] payload = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] token = Arrays.copyOf(payload, payload.length + SIGNATURE_LENGTH);
        System.arraycopy(key.sign(payload), 0, token, payload.length, SIGNATURE_LENGTH);
        return BASE64.encodeToString(token);
    }

    /**
     * The cursor in {@code token} (empty when the token is empty, i.e. the first page), or null
     * with a violation on {@code field} when the token is not one this process's key signed, has not
     * {@code cursorParts} parts, or belongs to another method or query.
     */
    public static List<String> decode(String token, Message query, int cursorParts, String field,
            Violations violations) {
        return decode(PageTokenKey.configured(), token, query, cursorParts, field, violations);
    }

    /** As {@link #decode(String, Message, int, String, Violations)}, checked against {@code key}. */
    public static List<String> decode(PageTokenKey key, String token, Message query, int cursorParts, String field,
            Violations violations) {
        if (token.isEmpty()) {
            return List.of();
        }
        List<String> parts = signedParts(key, token);
        if (parts == null || parts.size() != cursorParts + 2 || !parts.get(0).equals(VERSION)) {
            violations.add(field, NOT_OURS);
            return null;
        }
        if (!parts.get(1).equals(fingerprint(query))) {
            violations.add(field, "belongs to a different query; repeat the request that returned it with only "
                    + "page_token and page_size changed");
            return null;
        }
        return parts.subList(2, parts.size());
    }

    /** The parts of a token {@code key} signed, or null when it is not one. */
    private static List<String> signedParts(PageTokenKey key, String token) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
        // The decoder ignores the unused low bits of the last character and accepts padding: a
        // token must be exactly what encode wrote, so that no altered text is accepted.
        if (bytes.length <= SIGNATURE_LENGTH || !BASE64.encodeToString(bytes).equals(token)) {
            return null;
        }
        byte[] payload = Arrays.copyOf(bytes, bytes.length - SIGNATURE_LENGTH);
        byte[] signature = Arrays.copyOfRange(bytes, payload.length, bytes.length);
        // Constant time, so response times do not reveal how much of a forged signature is right.
        if (!MessageDigest.isEqual(key.sign(payload), signature)) {
            return null;
        }
        return split(new String(payload, StandardCharsets.UTF_8));
    }

    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == SEPARATOR) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        return parts;
    }

    /**
     * The method and query a token belongs to: the request's full type name (every paged method
     * has its own request type; two empty requests of different methods serialize to the same
     * zero bytes) and its serialized fields.
     */
    private static String fingerprint(Message query) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(query.getDescriptorForType().getFullName().getBytes(StandardCharsets.UTF_8));
            bytes.write(0); // no type name contains NUL: the name ends here whatever bytes follow
            // Deterministic serialization sorts map entries, so equal queries get equal fingerprints
            // whatever order their map entries arrived in.
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            query.writeTo(out);
            out.flush();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
    }
}
