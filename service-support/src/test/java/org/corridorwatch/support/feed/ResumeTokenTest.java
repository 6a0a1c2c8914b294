package org.corridorwatch.support.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ResumeTokenTest {

    private static final UUID FEED = UUID.fromString("3f2b8c1e-7a4d-4e59-9c61-0d2f5b7a8e93");

    @Test
    void roundTrips() {
        for (long sequence : new long[] { 0, 1, 42, 1L << 40, Long.MAX_VALUE }) {
            ResumeToken token = new ResumeToken(FEED, sequence);
            String text = token.encode();
            assertTrue(text.matches("[A-Za-z0-9_-]+"), text); // base64url, no padding: safe in URLs and headers
            assertEquals(Optional.of(token), ResumeToken.decode(text));
        }
    }

    @Test
    void namesItsFeed() {
        UUID other = UUID.randomUUID();
        ResumeToken decoded = ResumeToken.decode(new ResumeToken(other, 7).encode()).orElseThrow();
        assertEquals(other, decoded.feedId());
        assertNotEquals(new ResumeToken(FEED, 7).encode(), new ResumeToken(other, 7).encode());
    }

    @Test
    void refusesGarbage() {
        for (String garbage : new String[] { "x", "not a token", "AAAA", "%%%", "eyJhbGciOiJIUzI1NiJ9",
                new ResumeToken(FEED, 5).encode() + "=", new ResumeToken(FEED, 5).encode() + "A",
                new ResumeToken(FEED, 5).encode().substring(1) }) {
            assertEquals(Optional.empty(), ResumeToken.decode(garbage), garbage);
        }
    }

    @Test
    void refusesATamperedChecksumOrPosition() {
        byte[] bytes = Base64.getUrlDecoder().decode(new ResumeToken(FEED, 5).encode());
        byte[] checksum = bytes.clone();
        checksum[checksum.length - 1] ^= 1;
        assertEquals(Optional.empty(), ResumeToken.decode(encode(checksum)));
        byte[] position = bytes.clone();
        ByteBuffer.wrap(position).putLong(17, 6); // another position with the old checksum
        assertEquals(Optional.empty(), ResumeToken.decode(encode(position)));
        byte[] version = bytes.clone();
        version[0] = 2;
        assertEquals(Optional.empty(), ResumeToken.decode(encode(version)));
    }

    @Test
    void aPositionIsNeverNegative() {
        assertThrows(IllegalArgumentException.class, () -> new ResumeToken(FEED, -1));
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
