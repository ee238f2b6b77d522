package dev.poebridge.poe;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** How long Poe asks a rate-limited caller to wait, read from a reply's headers. */
final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * {@code Retry-After} in seconds or as an HTTP date; else Poe's {@code x-ratelimit-reset-requests} seconds; null
     * when neither says.
     */
    static Duration parse(String retryAfter, String rateLimitReset) {
        Duration parsed = seconds(retryAfter);
        if (parsed == null && retryAfter != null) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                parsed = Duration.between(ZonedDateTime.now(at.getZone()), at);
                if (parsed.isNegative()) {
                    parsed = Duration.ZERO;
                }
            } catch (DateTimeParseException e) {
                parsed = null;
            }
        }
        return parsed != null ? parsed : seconds(rateLimitReset);
    }

    private static Duration seconds(String value) {
        if (value == null) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(value.trim().replaceAll("s$", ""));
            return seconds < 0 ? null : Duration.ofMillis((long) Math.ceil(seconds * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
