package dev.poebridge.files;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.poebridge.error.ApiException;
import dev.poebridge.poe.PoeClient;
import dev.poebridge.poe.PoeFiles;
import dev.poebridge.poe.PoeQuery;
import io.smallrye.mutiny.Uni;

/**
 * Files that callers name in JSON requests (chat {@code image_url} and {@code file} parts, the JSON form of image
 * edits), on their way to Poe's upload: {@code data:} URLs checked at once (shape, size) and decoded on a worker thread
 * (megabytes of base64 are CPU work), {@code http(s)} URLs checked and handed to Poe to fetch ({@code download_url}),
 * so the bridge never fetches a URL a caller names. The files of one request are uploaded concurrently, each distinct
 * file once.
 */
@ApplicationScoped
public class CallerFiles {

    private final PoeClient poe;

    CallerFiles(PoeClient poe) {
        this.poe = poe;
    }

    /** The files of one request, gathered while it is checked and uploaded together. */
    public Batch batch() {
        return new Batch();
    }

    /** A file a request refers to, before upload: bytes at hand, a data URL to decode, or a URL for Poe to fetch. */
    private record FileRef(String source, String name, String contentType, byte[] bytes, DataUrl dataUrl) {
    }

    /** A data URL checked for shape and size, decoded later on a worker thread. */
    private record DataUrl(String at, String kind, int number, long max, boolean imagesOnly) {
    }

    /** The distinct files of one request, by source. */
    public final class Batch {

        private final Map<String, FileRef> files = new LinkedHashMap<>();

        private Batch() {
        }

        /**
         * Checks {@code url} (a 400 or 413 naming {@code at} when it is unusable) and returns the key its attachment
         * will have. {@code kind} names unnamed files ({@code image-1.png}); with {@code imagesOnly} a data URL must
         * hold a PNG, JPEG, WEBP or GIF image, whatever type it declares.
         */
        public String add(String url, String name, String kind, String at, long max, boolean imagesOnly) {
            FileRef ref = check(url, name, kind, files.size(), at, max, imagesOnly);
            files.putIfAbsent(ref.source(), ref);
            return ref.source();
        }

        /** Uploads every file once, concurrently: the attachments by key. */
        public Uni<Map<String, PoeQuery.Attachment>> upload(String apiKey) {
            if (files.isEmpty()) {
                return Uni.createFrom().item(Map.of());
            }
            List<Uni<Map.Entry<String, PoeQuery.Attachment>>> uploads = files.values().stream()
                    .map(file -> uploadOne(file, apiKey).map(attachment -> Map.entry(file.source(), attachment)))
                    .toList();
            return Uni.join().all(uploads).andFailFast()
                    .map(entries -> {
                        Map<String, PoeQuery.Attachment> byKey = new LinkedHashMap<>();
                        entries.forEach(e -> byKey.put(e.getKey(), e.getValue()));
                        return byKey;
                    });
        }
    }

    private static FileRef check(String url, String name, String kind, int number, String at, long max,
            boolean imagesOnly) {
        if (CallerUrls.looksLikeHttp(url)) {
            CallerUrls.httpUrl(url, at);
            return new FileRef(url, name != null ? name : PoeFiles.nameFromUrl(url), null, null, null);
        }
        if (!DataUrls.isDataUrl(url)) {
            throw ApiException.invalidRequest(at, "Only data: and http(s) URLs are supported.");
        }
        String contentType = DataUrls.declaredType(url, at, max);
        return new FileRef(url, name != null && !name.isBlank() ? name : null, contentType, null,
                new DataUrl(at, kind, number, max, imagesOnly));
    }

    /** Decodes a checked data URL: its bytes, their real type when only images are accepted, and a file name. */
    private static FileRef decode(FileRef ref) {
        DataUrl data = ref.dataUrl();
        byte[] bytes = DataUrls.decode(ref.source(), data.at(), data.max());
        String contentType = data.imagesOnly() ? DataUrls.requireImage(bytes, data.at()) : ref.contentType();
        String fileName = ref.name() != null ? ref.name()
                : data.kind() + "-" + (data.number() + 1) + "." + MediaTypes.extension(contentType);
        return new FileRef(ref.source(), fileName, contentType, bytes, null);
    }

    private Uni<PoeQuery.Attachment> uploadOne(FileRef file, String apiKey) {
        if (file.dataUrl() != null) {
            return OffLoop.run(() -> decode(file))
                    .chain(decoded -> poe.upload(decoded.bytes(), decoded.name(), decoded.contentType(), apiKey));
        }
        return file.bytes() != null
                ? poe.upload(file.bytes(), file.name(), file.contentType(), apiKey)
                : poe.uploadFromUrl(file.source(), file.name(), apiKey);
    }
}
