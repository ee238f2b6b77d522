package dev.poebridge.testsupport;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A chat completion request body of exactly {@code size} bytes, made as it is read (one user message of 'x's), so that
 * bodies far larger than anything worth holding in a test can be sent. {@code sent} counts the bytes read so far.
 */
public final class GeneratedChat extends InputStream {

    private final byte[] head;
    private final byte[] tail = "\"}]}".getBytes(StandardCharsets.UTF_8);
    private final long size;
    private final AtomicLong sent;

    public GeneratedChat(String model, long size, AtomicLong sent) {
        this.head = ("{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"user\", \"content\": \"")
                .getBytes(StandardCharsets.UTF_8);
        this.size = size;
        this.sent = sent;
    }

    public GeneratedChat(String model, long size) {
        this(model, size, new AtomicLong());
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    @Override
    public int read(byte[] b, int off, int len) {
        long at = sent.get();
        if (at >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - at);
        for (int i = 0; i < n; i++) {
            long p = at + i;
            long fromEnd = size - p;
            b[off + i] = p < head.length ? head[(int) p]
                    : fromEnd <= tail.length ? tail[(int) (tail.length - fromEnd)] : (byte) 'x';
        }
        sent.addAndGet(n);
        return n;
    }
}
