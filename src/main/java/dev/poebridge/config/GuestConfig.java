package dev.poebridge.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * Guest login ({@code POST /auth/guest-login}, {@code auth.guest.*}): visitors without a key get a short-lived token
 * that spends the server's Poe key ({@code POE_API_KEY}), within limits counted in the database.
 */
public interface GuestConfig {

    /**
     * Whether guests may log in; when false the login answers 501 and tokens are not accepted. Needs the server's Poe
     * key: enabled without {@code POE_API_KEY}, the bridge refuses to start. Default false. Env {@code AUTH_GUEST_ENABLED}.
     */
    @WithDefault("false")
    boolean enabled();

    /** How long a guest token is valid; there is no refresh token, a guest logs in again. Default 1h. */
    @WithDefault("1h")
    Duration tokenLifetime();

    /**
     * The RSA private key that signs guest tokens, PEM or base64 PKCS#8; set together with {@link #publicKey()} or not
     * at all. Without them a key pair is generated at first start and kept in the database, which replicas share.
     */
    Optional<String> privateKey();

    /** The matching RSA public key, PEM or base64 X.509 (SubjectPublicKeyInfo). No default. */
    Optional<String> publicKey();

    /**
     * The models (Poe bots) guests may use, comma-separated; others are a 403 {@code model_not_allowed}. Default: only
     * {@code images.default-bot}.
     */
    Optional<List<String>> models();

    /** Largest {@code n} a guest may ask for in one request; more is a 400 naming {@code n}. Default 1. */
    @WithDefault("1")
    int maxImagesPerRequest();

    /** Requests one guest may make per minute (calendar minute); more is a 429. Default 10. */
    @WithDefault("10")
    int requestsPerMinute();

    /**
     * Images one guest may have per day (UTC day), reserved before Poe is asked; a chat or completion call counts as
     * one. More is a 429. Default 20.
     */
    @WithDefault("20")
    int imagesPerDay();

    /** Guest logins per client address per hour (calendar hour); more is a 429. Default 10. */
    @WithDefault("10")
    int loginsPerHour();
}
