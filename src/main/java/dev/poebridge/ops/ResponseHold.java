package dev.poebridge.ops;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.core.http.HttpServerRequest;

/**
 * What a request holds until its response is done (written to the client, failed or abandoned): the download budget
 * its images count against (a reply waiting for a slow reader still holds the image, so releasing at the end of the
 * download would let the next ones in while the heap is at its fullest), a stream's place, and the Poe call behind a
 * stream whose body was never read.
 */
public final class ResponseHold {

    private final List<Runnable> releases = new ArrayList<>();
    private boolean released;

    /**
     * A hold released when {@code request} is done, whatever happened: registered now, while the request is being
     * served (on its event loop, or on the worker of a blocking endpoint), because a client that leaves between the
     * outcome and the first byte is never seen by the reply itself.
     */
    public static ResponseHold forRequest(HttpServerRequest request) {
        ResponseHold hold = new ResponseHold();
        if (request != null) {
            QuarkusRequestWrapper.get(request).addRequestDoneHandler(done -> hold.release());
        }
        return hold;
    }

    /** Runs {@code release} when the response is done; at once if it already is. */
    public void until(Runnable release) {
        synchronized (this) {
            if (!released) {
                releases.add(release);
                return;
            }
        }
        release.run();
    }

    /** The response is done: everything held is given back. Later calls do nothing. */
    public void release() {
        List<Runnable> pending;
        synchronized (this) {
            released = true;
            pending = new ArrayList<>(releases);
            releases.clear();
        }
        pending.forEach(Runnable::run);
    }
}
