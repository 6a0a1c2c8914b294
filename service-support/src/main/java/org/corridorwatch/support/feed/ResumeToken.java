package org.corridorwatch.support.feed;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * A position in a service's change feed: "after revision {@code sequence} of the feed
 * {@code feedId}" (revision_clock.feed_id, one per database). Clients see it as an opaque string.
 *
 * <p>Layout, base64url without padding (39 characters): a version byte, the feed id (16 bytes),
 * the sequence (8 bytes, big-endian) and a CRC-32C of those 25 bytes. The checksum catches a
 * token that was garbled, truncated or pieced together; the feed id catches a token of another
 * service or database. A token is not a secret and grants nothing: it only says where to continue,
 * and any reader may ask for any position, so it needs no signature (unlike page tokens, it must
 * also outlive the process and be valid on every replica, so it depends on no key). Whether the
 * position still lies within the feed is checked against the database ({@link ChangeFeed}).
 */
public record ResumeToken(UUID feedId, long sequence) {

    private static final byte VERSION = 1;
    private static final int PAYLOAD = 1 + 16 + 8;
    private static final int LENGTH = PAYLOAD + 4;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    public ResumeToken {
        if (sequence < 0) {
            throw new IllegalArgumentException("a feed position is never negative");
        }
    }

    /** The opaque text form clients pass back as {@code resume_token}. */
    public String encode() {
        ByteBuffer bytes = ByteBuffer.allocate(LENGTH);
        bytes.put(VERSION).putLong(feedId.getMostSignificantBits()).putLong(feedId.getLeastSignificantBits())
                .putLong(sequence);
        bytes.putInt((int) checksum(bytes.array()));
        return ENCODER.encodeToString(bytes.array());
    }

    /**
     * The token {@code text} encodes, or empty when it is not one {@link #encode()} wrote: not
     * base64url, another length or version, a wrong checksum, or a negative position. Which feed it
     * names is the caller's to check.
     */
    public static Optional<ResumeToken> decode(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // The decoder accepts padding and ignores the unused low bits of the last character: only
        // the exact text encode() writes is accepted, so no altered text passes.
        if (bytes.length != LENGTH || bytes[0] != VERSION || !ENCODER.encodeToString(bytes).equals(text)) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if ((int) checksum(bytes) != buffer.getInt(PAYLOAD)) {
            return Optional.empty();
        }
        UUID feed = new UUID(buffer.getLong(1), buffer.getLong(9));
        long sequence = buffer.getLong(17);
        return sequence < 0 ? Optional.empty() : Optional.of(new ResumeToken(feed, sequence));
    }

    private static long checksum(byte[] token) {
        CRC32C crc = new CRC32C();
        crc.update(token, 0, PAYLOAD);
        return crc.getValue();
    }
}
