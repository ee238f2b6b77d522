package dev.poebridge.files;

import java.nio.file.Path;

import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.poebridge.error.ApiException;

/**
 * Files that callers send as multipart parts, checked before anything is done with them: a part must be a file (not
 * a text field), within the size cap (413 naming the part), and of a type read from its bytes where the endpoint
 * takes only images (a 400 naming the part otherwise, whatever type the caller declared). The file stays in the
 * temporary file Quarkus wrote it to and is streamed from there; its name is made safe for the upload's headers.
 */
public final class IncomingFiles {

    /** A checked file: where it is, the name to upload it under, and its media type. */
    public record IncomingFile(Path path, String name, String contentType) {
    }

    private IncomingFiles() {
    }

    /** An image part: PNG, JPEG, WEBP or GIF by its bytes; named {@code image-<number>.<ext>} when it has no name. */
    public static IncomingFile image(FileUpload part, int number, long maxBytes) {
        Path path = requireFile(part, maxBytes);
        String type = MediaTypes.sniffImage(path);
        if (type == null) {
            throw ApiException.invalidRequest(part.name(), "The file '" + UploadNames.fileName(part.fileName(), part.name())
                    + "' is not a PNG, JPEG, WEBP or GIF image.");
        }
        return new IncomingFile(path, UploadNames.fileName(part.fileName(), "image-" + number + "." + MediaTypes.extension(type)),
                type);
    }

    /**
     * Any file part: its declared type when it declares one, else the image type its bytes show, else the type its
     * name suggests; named {@code file-<number>.<ext>} when it has no name.
     */
    public static IncomingFile anyFile(FileUpload part, int number, long maxBytes) {
        Path path = requireFile(part, maxBytes);
        String type = part.contentType() == null ? "" : UploadNames.mediaType(part.contentType());
        if (type.isEmpty() || type.equals(MediaType.APPLICATION_OCTET_STREAM)) {
            String sniffed = MediaTypes.sniffImage(path);
            type = sniffed != null ? sniffed : MediaTypes.fromFileName(part.fileName());
        }
        return new IncomingFile(path, UploadNames.fileName(part.fileName(), "file-" + number + "." + MediaTypes.extension(type)),
                type);
    }

    private static Path requireFile(FileUpload part, long maxBytes) {
        if (part.uploadedFile() == null) {
            throw ApiException.invalidRequest(part.name(), "'" + part.name() + "' must be a file part.");
        }
        if (part.size() > maxBytes) {
            throw tooLarge(part.name(), part.size(), maxBytes);
        }
        return part.uploadedFile();
    }

    /** 413 for a file over its cap, naming where it was. */
    public static ApiException tooLarge(String at, long size, long max) {
        return new ApiException(413, "invalid_request_error", at, "file_too_large",
                "The file at " + at + " is " + size + " bytes; the largest accepted is " + max + " bytes.");
    }
}
