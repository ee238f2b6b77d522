package dev.poebridge.files;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.poebridge.error.ApiException;

/**
 * Image and file URLs that callers put in their requests ({@code image_url} parts, the JSON form of image edits). The
 * bridge never fetches them: Poe does ({@code download_url} of its upload call). They are checked here so that only a
 * well-formed absolute {@code http(s)} URL is passed on, and anything else is a 400 naming the field.
 */
public final class CallerUrls {

    /** Longer than any real image link; keeps a megabyte of "URL" out of the upload call and the logs. */
    static final int MAX_LENGTH = 8192;

    private CallerUrls() {
    }

    /** True for what should be read as an http(s) URL (and then checked by {@link #httpUrl}). */
    public static boolean looksLikeHttp(String url) {
        String lower = url.substring(0, Math.min(url.length(), 8)).toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /** The URL, checked: absolute http(s), a host, no whitespace or control characters, at most 8 KB. */
    public static String httpUrl(String url, String param) {
        if (url.length() > MAX_LENGTH) {
            throw ApiException.invalidRequest(param, "The URL at " + param + " is longer than " + MAX_LENGTH + " characters.");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == 0x7f || Character.isISOControl(c) || Character.isSurrogate(c)) {
                throw ApiException.invalidRequest(param, "The URL at " + param
                        + " contains whitespace or control characters; percent-encode them.");
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ApiException.invalidRequest(param, "The URL at " + param + " is not a valid URL: " + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw ApiException.invalidRequest(param, "The URL at " + param + " must be an absolute http(s) URL with a host.");
        }
        return url;
    }
}
