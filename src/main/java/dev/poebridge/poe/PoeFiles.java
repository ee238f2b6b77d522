package dev.poebridge.poe;

import java.net.URI;

/** Small facts about files Poe hands around. */
public final class PoeFiles {

    private PoeFiles() {
    }

    /** The last path segment of a URL, or {@code "file"} (the name fastapi_poe uses when it knows none). */
    public static String nameFromUrl(String url) {
        try {
            String path = URI.create(url).getPath();
            if (path != null) {
                String name = path.substring(path.lastIndexOf('/') + 1);
                if (!name.isBlank()) {
                    return name;
                }
            }
        } catch (IllegalArgumentException e) {
            // not a URI we can read: fall through
        }
        return "file";
    }
}
