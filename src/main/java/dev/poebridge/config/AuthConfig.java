package dev.poebridge.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Whose Poe key pays. By default the caller's own key is passed through. With a server-held key, callers present
 * one of the bridge's own keys instead, and the server's Poe key is used for them.
 */
@ConfigMapping(prefix = "auth")
public interface AuthConfig {

    /**
     * A Poe API key held by the server (environment variable {@code POE_API_KEY}). Used only together with
     * {@link #bridgeApiKeys()}: without bridge keys it is never used for anyone. No default.
     */
    @WithName("poe-api-key")
    Optional<String> poeApiKey();

    /**
     * The keys callers must present when the server holds a Poe key (environment variable {@code BRIDGE_API_KEYS},
     * comma-separated). No default.
     */
    @WithName("bridge-api-keys")
    Optional<List<String>> bridgeApiKeys();

    /**
     * How long a caller's own Poe key, once Poe has accepted it, is taken as valid for the Conversations API without
     * asking Poe again (environment variable {@code AUTH_KEY_CHECK_TTL}). Only pass-through keys are checked; a key
     * Poe refused, or could not judge, is asked about again on its next call. Default 10m.
     */
    @WithName("key-check-ttl")
    @WithDefault("10m")
    Duration keyCheckTtl();

    /** Guest login and its limits ({@code auth.guest.*}). */
    GuestConfig guest();
}
