package dev.poebridge.files.download;

import static dev.poebridge.files.download.DownloadFailures.failed;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.poebridge.error.ApiException;

/** Which URLs a bot's file may be downloaded from: {@code http(s)} with a host, the first one and every redirect. */
final class DownloadUrls {

    private DownloadUrls() {
    }

    /** The URL a bot named, or a 502 saying why it cannot be fetched. */
    static URI checked(String url, String bot) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw failed(bot, null, "its URL is malformed");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw failed(bot, null, "it is not an http(s) URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw failed(bot, null, "its URL names no host");
        }
        return uri;
    }

    /** Where a redirect from {@code from} leads ({@code location} may be relative), checked as the first URL was. */
    static URI redirectTarget(URI from, String location, String bot) {
        try {
            return checked(from.resolve(new URI(location.strip())).toString(), bot);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw failed(bot, from.getHost(), "it redirected to a malformed URL");
        }
    }
}
