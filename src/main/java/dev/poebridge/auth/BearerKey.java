package dev.poebridge.auth;

import java.util.Locale;

import dev.poebridge.error.ApiException;

/**
 * The caller's Poe API key, taken from {@code Authorization: Bearer <key>} and passed through to Poe. The bridge
 * holds no key of its own, so the points spent are those of the caller's Poe account.
 */
public final class BearerKey {

    private BearerKey() {
    }

    /** The key, or a 401 that says what is wrong with the header. The key itself never appears in a message. */
    public static String parse(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.unauthorized("missing_api_key",
                    "You didn't provide an API key. Send your Poe API key as 'Authorization: Bearer <key>' "
                            + "(the API key setting of OpenAI clients). Get one at https://poe.com/api_key.");
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            throw ApiException.unauthorized("invalid_api_key",
                    "Malformed Authorization header: expected 'Bearer <your Poe API key>'.");
        }
        String key = value.substring(space + 1).strip();
        if (key.isEmpty() || key.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw ApiException.unauthorized("invalid_api_key",
                    "Malformed Authorization header: expected 'Bearer <your Poe API key>'.");
        }
        return key;
    }
}
