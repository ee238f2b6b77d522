package dev.poebridge.files;

import java.util.ArrayList;
import java.util.List;

/**
 * What a request holds until its response is done (written to the client, failed or abandoned): the download budget
 * its images count against (a reply waiting for a slow reader still holds the image, so releasing at the end of the
 * download would let the next ones in while the heap is at its fullest), or a stream's place.
 */
public final class ResponseHold {

    private final List<Runnable> releases = new ArrayList<>();
    private boolean released;

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
