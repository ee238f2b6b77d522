package dev.poebridge.files;

import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.poebridge.error.ApiException;

/**
 * {@code data:<type>;base64,<data>} URLs that callers send as images or files. Checking the shape and the size
 * (estimated from the length of the base64) is cheap and happens on the request thread; decoding megabytes of base64
 * is not, so callers run {@link #decode} on a worker thread.
 */
public final class DataUrls {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private DataUrls() {
    }

    public static boolean isDataUrl(String url) {
        return url.regionMatches(true, 0, "data:", 0, 5);
    }

    /**
     * Checks the shape and the approximate size, and returns the declared media type made safe for a header
     * ({@code application/octet-stream} when none or a malformed one is declared).
     */
    public static String declaredType(String url, String at, long maxBytes) {
        if (!isBase64(url)) {
            throw ApiException.invalidRequest(at, "Data URLs must be base64 ('data:<type>;base64,<data>').");
        }
        long approximate = estimatedSize(url);
        if (approximate > maxBytes + 3) {
            throw IncomingFiles.tooLarge(at, approximate, maxBytes);
        }
        String header = url.substring(5, url.indexOf(','));
        return UploadNames.mediaType(header.substring(0, header.length() - ";base64".length()).split(";")[0]);
    }

    /** {@code data:<anything>;base64,<data>}. */
    public static boolean isBase64(String url) {
        int comma = url.indexOf(',');
        return comma >= 0 && url.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64");
    }

    /** The decoded size, estimated from the length of the base64 (at most 3 bytes over). */
    public static long estimatedSize(String url) {
        return (long) (url.length() - url.indexOf(',') - 1) * 3 / 4;
    }

    /** The bytes of a base64 data URL; {@link IllegalArgumentException} when the base64 is invalid. */
    public static byte[] bytes(String url) {
        return Base64.getDecoder().decode(WHITESPACE.matcher(url.substring(url.indexOf(',') + 1)).replaceAll(""));
    }

    /** The exact bytes; a 400 naming {@code at} for invalid base64, a 413 when they are over the cap. */
    public static byte[] decode(String url, String at, long maxBytes) {
        byte[] bytes;
        try {
            bytes = bytes(url);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest(at, "The data URL's base64 is invalid.");
        }
        if (bytes.length > maxBytes) {
            throw IncomingFiles.tooLarge(at, bytes.length, maxBytes);
        }
        return bytes;
    }

    /** For endpoints that take only images: the type the bytes really have, else a 400 naming {@code at}. */
    public static String requireImage(byte[] bytes, String at) {
        String type = MediaTypes.sniffImage(bytes);
        if (type == null) {
            throw ApiException.invalidRequest(at, "The image at " + at + " is not a PNG, JPEG, WEBP or GIF image.");
        }
        return type;
    }
}
