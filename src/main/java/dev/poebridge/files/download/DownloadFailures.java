package dev.poebridge.files.download;

import dev.poebridge.error.ApiException;

/** The 502s a download of a bot's file fails with, and what they may say. */
final class DownloadFailures {

    private DownloadFailures() {
    }

    /** Only the host goes into messages: the full URL may carry access tokens, and resolved addresses stay private. */
    static ApiException failed(String bot, String host, String why) {
        return ApiException.badGateway("image_download_failed", "Could not download the image that Poe bot '" + bot
                + "' returned" + (host == null ? "" : " from " + host) + ": " + why + ".");
    }

    static ApiException tooLarge(String bot, String host, long max) {
        return failed(bot, host, "it is larger than " + max + " bytes");
    }

    /** A fixed reason: the transport's own messages name the address connected to, which stays private. */
    static String connectionFailure(Throwable t) {
        if (t instanceof java.net.ConnectException) {
            return "the connection was refused or could not be opened";
        }
        if (t instanceof io.netty.channel.ConnectTimeoutException || t instanceof java.util.concurrent.TimeoutException) {
            return "the connection timed out";
        }
        if (t instanceof javax.net.ssl.SSLException) {
            return "the TLS handshake failed";
        }
        return "the connection failed";
    }
}
