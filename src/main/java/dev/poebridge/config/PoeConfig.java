package dev.poebridge.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the bridge talks to Poe. Every property can be set as an environment variable, e.g. {@code poe.base-url} as
 * {@code POE_BASE_URL} and {@code poe.retry.max-retries} as {@code POE_RETRY_MAX_RETRIES}.
 */
@ConfigMapping(prefix = "poe")
public interface PoeConfig {

    /** Base URL of Poe's API; bot queries go to {@code <base>/bot/<bot>}. Default {@code https://api.poe.com}. */
    @WithDefault("https://api.poe.com")
    String baseUrl();

    /**
     * Poe's file-upload call, used for image inputs. Default
     * {@code https://www.quora.com/poe_api/file_upload_3RD_PARTY_POST}.
     */
    @WithDefault("https://www.quora.com/poe_api/file_upload_3RD_PARTY_POST")
    String uploadUrl();

    /**
     * Protocol version sent in every query. Default {@code 1.2}, what the current fastapi_poe library sends; set
     * {@code 1.1} to speak like older clients.
     */
    @WithDefault("1.2")
    String protocolVersion();

    /** Longest silence allowed between two pieces of a Poe reply before the call fails with 504. Default 120 s. */
    @WithDefault("120s")
    Duration idleTimeout();

    /** Deadline for one whole Poe call, from request to the last event; passing it fails with 504. Default 600 s. */
    @WithDefault("600s")
    Duration totalTimeout();

    /** Deadline for one file upload to Poe. Default 120 s, as Poe's own client allows. */
    @WithDefault("120s")
    Duration uploadTimeout();

    /** Time allowed to open a TCP/TLS connection to Poe. Default 10 s. */
    @WithDefault("10s")
    Duration connectTimeout();

    /**
     * Most connections open to Poe at once. Each running Poe call holds one for as long as its reply streams, so this
     * should be at least {@link #maxConcurrentCalls()}. Default 5000.
     */
    @WithDefault("5000")
    int maxConnections();

    /**
     * Most Poe bot queries in flight at once; beyond it a call fails at once with 503 and {@code Retry-After}, rather
     * than waiting in a queue. Default 5000 (an open stream is one call, and thousands of streams cost little).
     */
    @WithDefault("5000")
    int maxConcurrentCalls();

    /** Retries of failed Poe calls. */
    Retry retry();

    interface Retry {

        /**
         * How many times a retryable failure (an error event that allows retry, a connection failure, a Poe 5xx) is
         * retried. Retries happen only while nothing of the reply has reached the caller. Default 1.
         */
        @WithDefault("1")
        int maxRetries();

        /** Pause before the first retry; later retries back off exponentially with jitter. Default 500 ms. */
        @WithDefault("500ms")
        Duration backoff();

        /** Longest pause between retries. Default 5 s. */
        @WithDefault("5s")
        Duration maxBackoff();
    }
}
