package org.corridorwatch.support.paging;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The secret page tokens are signed with (HMAC-SHA256), so that a client can neither forge a
 * token nor alter one it was given.
 *
 * <p>It comes from {@value #PROPERTY} (environment: {@code CORRIDORWATCH_PAGE_TOKENS_KEY}), at
 * least {@value #MIN_LENGTH} characters, e.g. {@code openssl rand -base64 32}. Every replica of a
 * service must have the same key, or a token issued by one is refused by the next. When it is not
 * set, the process makes a random key at start-up and logs a warning: tokens then work within
 * one process only, and a restart makes every outstanding token invalid. That keeps a single
 * local process working without setup; deployments set the key (from a Secret).
 */
public final class PageTokenKey {

    public static final String PROPERTY = "corridorwatch.page-tokens.key";
    public static final int MIN_LENGTH = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final Logger LOG = Logger.getLogger(PageTokenKey.class);

    // Resolved on first use, never in a static initializer: a native image initializes classes at
    // build time, which would bake one key (random or not) into the image for every process.
    private static volatile PageTokenKey configured;

    private final SecretKeySpec key;

    private PageTokenKey(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /** A key from configured text; refuses one too short to be a secret. */
    public static PageTokenKey of(String secret) {
        if (secret.length() < MIN_LENGTH) {
            // Never echo the value: it is meant to be a secret, even when too short.
            throw new IllegalArgumentException(PROPERTY + " must be at least " + MIN_LENGTH + " characters (got "
                    + secret.length() + "); make one with: openssl rand -base64 32");
        }
        return new PageTokenKey(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh random key, valid for as long as this object lives. */
    public static PageTokenKey random() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new PageTokenKey(secret);
    }

    /** The key of this process: {@value #PROPERTY}, or a random one when it is unset (see the class comment). */
    public static PageTokenKey configured() {
        PageTokenKey key = configured;
        if (key == null) {
            synchronized (PageTokenKey.class) {
                key = configured;
                if (key == null) {
                    key = fromSetting(ConfigProvider.getConfig().getOptionalValue(PROPERTY, String.class));
                    configured = key;
                }
            }
        }
        return key;
    }

    /** The key a setting gives: the setting's, or a random one (with a warning) when it is unset or blank. */
    static PageTokenKey fromSetting(Optional<String> setting) {
        if (setting.isPresent() && !setting.get().isBlank()) {
            return of(setting.get());
        }
        LOG.warnf("%s is not set: page tokens are signed with a random key made at start-up, so they stop working "
                + "when this process restarts and are refused by other replicas. Set it to the same secret on "
                + "every replica.", PROPERTY);
        return random();
    }

    /** The HMAC-SHA256 of {@code data}. */
    byte[] sign(byte[] data) {
        try {
            // A Mac is not thread-safe and cheap to make: one per call.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(ALGORITHM + " is required of every Java runtime", e);
        }
    }
}
