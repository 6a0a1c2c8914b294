package org.corridorwatch.support.paging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.corridorwatch.support.validation.Violations;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;

/**
 * Opaque page tokens for keyset pagination. A token carries the sort key of the last row of the
 * page it ends (the cursor) and a fingerprint of the query it belongs to, so a token replayed
 * against a different query is refused instead of silently returning the wrong rows.
 *
 * <p>The token is not secret: it is base64url text, and tampering can at worst point the cursor
 * somewhere else in the same query's results, because cursor values are bound as query parameters.
 */
public final class PageTokens {

    private static final String VERSION = "1";
    private static final char SEPARATOR = '\u001f'; // ASCII unit separator: never in ids, dates or numbers

    private PageTokens() {
    }

    /**
     * The token continuing after {@code cursor} for {@code query}: the list request with its
     * page_token and page_size cleared (page size may change between pages, AIP-158).
     */
    public static String encode(Message query, List<String> cursor) {
        StringBuilder text = new StringBuilder(VERSION).append(SEPARATOR).append(fingerprint(query));
        for (String part : cursor) {
            text.append(SEPARATOR).append(part);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cursor in {@code token} (empty when the token is empty, i.e. the first page), or null
     * with a violation on {@code field} when it is malformed, has not {@code cursorParts} parts,
     * or belongs to another query.
     */
    public static List<String> decode(String token, Message query, int cursorParts, String field,
            Violations violations) {
        if (token.isEmpty()) {
            return List.of();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            violations.add(field, "is not a page token issued by this service");
            return null;
        }
        List<String> parts = split(text);
        if (parts.size() != cursorParts + 2 || !parts.get(0).equals(VERSION)) {
            violations.add(field, "is not a page token issued by this service");
            return null;
        }
        if (!parts.get(1).equals(fingerprint(query))) {
            violations.add(field, "belongs to a different query; repeat the request that returned it with only "
                    + "page_token and page_size changed");
            return null;
        }
        return parts.subList(2, parts.size());
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

    private static String fingerprint(Message query) {
        try {
            // Deterministic serialization sorts map entries, so equal queries get equal fingerprints
            // whatever order their map entries arrived in; without maps the bytes are unchanged.
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
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
