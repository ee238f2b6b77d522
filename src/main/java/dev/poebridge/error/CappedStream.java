package dev.poebridge.error;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A JSON body of unknown length as it is parsed: counts what is read, fails past the cap or when the budget of bytes
 * in flight has no room for more, and then no longer drains the request when closed.
 */
final class CappedStream extends FilterInputStream {

    /** Past the cap: an {@link IOException}, as the stream's failures are. */
    static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("request body over limits.max-json-body-size", null);
        }
    }

    private final long max;
    private final JsonBytesInFlight.Reservation reservation;
    private long read;
    private boolean exceeded;
    private boolean refused;

    /** {@code reservation} may be null: then only the cap applies. */
    CappedStream(InputStream in, long max, JsonBytesInFlight.Reservation reservation) {
        super(in);
        this.max = max;
        this.reservation = reservation;
    }

    /** True once the body has passed the cap. */
    boolean exceeded() {
        return exceeded;
    }

    /** True once the budget of bytes in flight had no room for more of the body. */
    boolean refused() {
        return refused;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? 0 : 1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        count(Math.max(n, 0));
        return n;
    }

    @Override
    public void close() throws IOException {
        if (!exceeded && !refused) {
            super.close(); // closing Quarkus' stream reads the request to its end, which is what the cap avoids
        }
    }

    private void count(int n) throws IOException {
        read += n;
        if (read > max) {
            exceeded = true;
            throw new BodyTooLarge();
        }
        if (n > 0 && reservation != null && !reservation.grow(n)) {
            refused = true;
            throw new IOException("over limits.json-bytes-in-flight");
        }
    }
}
