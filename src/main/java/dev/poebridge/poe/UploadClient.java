package dev.poebridge.poe;

import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.auth.KeyScrubber;
import dev.poebridge.config.PoeConfig;
import dev.poebridge.error.PoeException;
import dev.poebridge.files.UploadNames;
import dev.poebridge.poe.StatusClassifier.Call;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * The file upload call: bytes, a file on disk, or a URL for Poe to fetch, each turned into the attachment to put on
 * a message, or into a classified {@link PoeException} with every key removed. Retries are {@link PoeClient}'s.
 */
@ApplicationScoped
class UploadClient {

    private final PoeUploadApi api;
    private final PoeConfig config;
    private final ObjectMapper mapper;

    UploadClient(@RestClient PoeUploadApi api, PoeConfig config, ObjectMapper mapper) {
        this.api = api;
        this.config = config;
        this.mapper = mapper;
    }

    Uni<PoeQuery.Attachment> uploadBytes(byte[] data, String fileName, String contentType, String apiKey,
            KeyScrubber keys) {
        String name = UploadNames.fileName(fileName, "file");
        String type = UploadNames.mediaType(contentType);
        return Uni.createFrom().deferred(() -> api.uploadBytes(apiKey, ClientMultipartForm.create()
                .binaryFileUpload("file", name, Buffer.buffer(data), type)))
                .plug(uni -> attachment(uni, name, keys));
    }

    /** Streamed from disk rather than read into memory. */
    Uni<PoeQuery.Attachment> uploadFile(Path file, String fileName, String contentType, String apiKey,
            KeyScrubber keys) {
        String name = UploadNames.fileName(fileName, "file");
        String type = UploadNames.mediaType(contentType);
        return Uni.createFrom().deferred(() -> api.uploadBytes(apiKey, ClientMultipartForm.create()
                .binaryFileUpload("file", name, file.toString(), type)))
                .plug(uni -> attachment(uni, name, keys));
    }

    Uni<PoeQuery.Attachment> uploadFromUrl(String url, String fileName, String apiKey, KeyScrubber keys) {
        String name = UploadNames.fileName(fileName, "file");
        return Uni.createFrom().deferred(() -> api.uploadFromUrl(apiKey, url, name))
                .plug(uni -> attachment(uni, name, keys));
    }

    private Uni<PoeQuery.Attachment> attachment(Uni<PoeUploadApi.Uploaded> upload, String fileName, KeyScrubber keys) {
        return upload
                // Poe's upload is authorised with the raw key, which its error body may quote: scrubbed before it is
                // classified and clipped, here where the keys are known.
                .onFailure(PoeRejection.class).transform(t -> PoeFailures.rejected(Call.FILE_UPLOAD, t, keys, mapper))
                .ifNoItem().after(config.uploadTimeout()).failWith(() -> PoeFailures.uploadTimeout(config.uploadTimeout()))
                .onFailure(t -> !(t instanceof PoeException)).transform(t -> t instanceof ProcessingException
                        && t.getCause() instanceof JsonProcessingException
                                ? PoeFailures.uploadMalformed("with something that is not JSON")
                                : PoeFailures.uploadUnreachable(t))
                .map(uploaded -> {
                    if (uploaded == null || uploaded.attachmentUrl() == null || uploaded.attachmentUrl().isBlank()) {
                        throw PoeFailures.uploadMalformed("without an 'attachment_url'");
                    }
                    return new PoeQuery.Attachment(uploaded.attachmentUrl(),
                            uploaded.mimeType() == null ? "application/octet-stream" : uploaded.mimeType(), fileName,
                            null);
                })
                .onFailure().transform(t -> ScrubbedFailures.of(t, keys, "file upload"));
    }
}
