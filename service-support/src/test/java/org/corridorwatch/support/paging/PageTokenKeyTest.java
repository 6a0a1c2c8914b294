package org.corridorwatch.support.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.corridorwatch.support.validation.Violations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.type.Date;

class PageTokenKeyTest {

    private static final Date QUERY = Date.newBuilder().setYear(2024).build();

    private static boolean accepts(PageTokenKey reader, String token) {
        return PageTokens.decode(reader, token, QUERY, 1, "page_token", new Violations()) != null;
    }

    @Test
    void aConfiguredSecretSignsTheSameInEveryProcess() {
        PageTokenKey issuer = PageTokenKey.fromSetting(Optional.of("a secret of at least thirty-two characters"));
        PageTokenKey otherReplica = PageTokenKey.fromSetting(Optional.of("a secret of at least thirty-two characters"));

        assertTrue(accepts(otherReplica, PageTokens.encode(issuer, QUERY, List.of("a"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   \t "})
    void anUnsetOrBlankSettingGivesARandomKeyPerProcess(String setting) {
        PageTokenKey process = PageTokenKey.fromSetting(Optional.of(setting));
        PageTokenKey restarted = PageTokenKey.fromSetting(Optional.empty());
        String token = PageTokens.encode(process, QUERY, List.of("a"));

        assertTrue(accepts(process, token));
        assertFalse(accepts(restarted, token));
    }

    @Test
    void aSecretShorterThan32CharactersIsRefusedWithoutEchoingIt() {
        String secret = "s3cr3t-".repeat(4) + "xyz";
        assertEquals(31, secret.length());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PageTokenKey.fromSetting(Optional.of(secret)));

        assertEquals("corridorwatch.page-tokens.key must be at least 32 characters (got 31); make one with: "
                + "openssl rand -base64 32", e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"));
    }

    @Test
    void exactly32CharactersAreEnough() {
        PageTokenKey key = PageTokenKey.of("x".repeat(32));

        assertTrue(accepts(key, PageTokens.encode(key, QUERY, List.of("a"))));
        assertNull(PageTokens.decode(PageTokenKey.of("y".repeat(32)), PageTokens.encode(key, QUERY, List.of("a")),
                QUERY, 1, "page_token", new Violations()));
    }

    @Test
    void theConfiguredKeyIsResolvedOnce() {
        // Unset in these unit tests: a random key, the same one for the whole process.
        assertSame(PageTokenKey.configured(), PageTokenKey.configured());
    }
}
