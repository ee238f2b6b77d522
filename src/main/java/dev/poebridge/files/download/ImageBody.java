package dev.poebridge.files.download;

import dev.poebridge.files.MediaTypes;
import static dev.poebridge.files.download.DownloadFailures.failed;

import java.util.Arrays;

import dev.poebridge.error.ApiException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * Reads the body of a download's 200 reply: at most {@code max} bytes, and only an image (PNG, JPEG, WebP or GIF by
 * its first bytes, whatever the reply's {@code Content-Type} says).
 */
final class ImageBody {

    /** Enough bytes for every image signature {@link MediaTypes#sniffImage} knows. */
    private static final int SIGNATURE = 16;

    /** The download a body is read for. */
    interface Reader {
        /** True once the download has ended (failed, stopped or complete): what still arrives is ignored. */
        boolean done();

        /** The reply has been read to its end, so its connection need not be cut. */
        void ended();

        void fail(ApiException failure);

        void complete(byte[] bytes, String type);
    }

    private ImageBody() {
    }

    /** The length a reply announces, or -1 when it announces none (or nonsense). */
    static long announcedLength(HttpClientResponse response) {
        String value = response.getHeader("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reads {@code response}, which is paused and announced {@code announced} bytes (-1: none), then resumes it. */
    static void read(HttpClientResponse response, long max, long announced, String bot, String host, Reader reader) {
        // Sized from Content-Length when there is one: a growing buffer would hold up to twice the image.
        Bytes body = new Bytes(announced >= 0 ? (int) announced : 64 * 1024);
        response.handler(chunk -> {
            if (reader.done()) {
                return;
            }
            if ((long) body.length + chunk.length() > max) {
                reader.fail(DownloadFailures.tooLarge(bot, host, max));
                return;
            }
            boolean checked = body.length >= SIGNATURE;
            body.append(chunk);
            if (!checked && body.length >= SIGNATURE && MediaTypes.sniffImage(body.head(SIGNATURE)) == null) {
                reader.fail(notAnImage(bot, host)); // an HTML page or a redirect notice: stop reading it at once
            }
        });
        response.endHandler(v -> {
            reader.ended();
            if (reader.done()) {
                return;
            }
            byte[] bytes = body.toArray();
            String type = MediaTypes.sniffImage(bytes);
            if (type == null) {
                reader.fail(notAnImage(bot, host));
                return;
            }
            reader.complete(bytes, type);
        });
        response.resume();
    }

    private static ApiException notAnImage(String bot, String host) {
        return failed(bot, host, "what it served is not a PNG, JPEG, WebP or GIF image");
    }

    /** A byte array that grows by half when full, handed over without a copy when it is exactly full. */
    private static final class Bytes {
        byte[] array;
        int length;

        Bytes(int capacity) {
            array = new byte[Math.max(SIGNATURE, capacity)];
        }

        void append(Buffer chunk) {
            int needed = length + chunk.length();
            if (needed > array.length) {
                array = Arrays.copyOf(array, Math.max(needed, array.length + (array.length >> 1)));
            }
            chunk.getBytes(0, chunk.length(), array, length);
            length = needed;
        }

        byte[] head(int n) {
            return Arrays.copyOf(array, n);
        }

        byte[] toArray() {
            return length == array.length ? array : Arrays.copyOf(array, length);
        }
    }
}
