package dev.poebridge.files;

import java.util.ArrayList;
import java.util.List;

import io.vertx.ext.web.RoutingContext;

/**
 * Keeps downloaded bytes counted against the download budget until the response that carries them has been written
 * (or the connection is gone): base64 and the serialised JSON are larger than the download itself, so releasing at
 * the end of the download would let the next ones in while the heap is at its fullest.
 */
public final class ResponseHold {

    private final List<Runnable> releases = new ArrayList<>();
    private boolean ended;

    private ResponseHold() {
    }

    /** Registered when the request starts, so the response cannot end before anyone listens. */
    public static ResponseHold of(RoutingContext request) {
        ResponseHold hold = new ResponseHold();
        request.addEndHandler(v -> hold.end());
        return hold;
    }

    /** For callers with no HTTP response (tests): everything is released at once. */
    public static ResponseHold none() {
        ResponseHold hold = new ResponseHold();
        hold.ended = true;
        return hold;
    }

    /** Runs {@code release} when the response ends; at once if it already has. */
    public void until(Runnable release) {
        synchronized (this) {
            if (!ended) {
                releases.add(release);
                return;
            }
        }
        release.run();
    }

    private void end() {
        List<Runnable> pending;
        synchronized (this) {
            ended = true;
            pending = new ArrayList<>(releases);
            releases.clear();
        }
        pending.forEach(Runnable::run);
    }
}
