package dev.poebridge.images;

import dev.poebridge.error.ApiException;

/** How images are returned: the bot's file URL, or the file's bytes base64-encoded. */
public enum ResponseFormat {
    URL, B64_JSON;

    static ResponseFormat parse(String value) {
        if (value == null || value.equals("url")) {
            return URL;
        }
        if (value.equals("b64_json")) {
            return B64_JSON;
        }
        throw ApiException.invalidRequest("response_format",
                "Invalid value for 'response_format': '" + value + "'. Supported values are 'url' and 'b64_json'.");
    }
}
