package dev.poebridge.poe;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Poe's file upload ({@code POST <poe.upload-url>}): raw bytes as a multipart part named {@code file}, or a public
 * URL for Poe to fetch itself. Authorised with the raw key, without {@code Bearer}, as Poe's client does.
 */
@RegisterRestClient(configKey = "poe-upload")
interface PoeUploadApi {

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Uploaded> uploadBytes(@HeaderParam("Authorization") String rawKey, ClientMultipartForm form);

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Uploaded> uploadFromUrl(@HeaderParam("Authorization") String rawKey, @FormParam("download_url") String url,
            @FormParam("download_filename") String fileName);

    /** Poe's answer: the URL to put in an attachment, and the type Poe decided the file has. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Uploaded(@JsonProperty("attachment_url") String attachmentUrl, @JsonProperty("mime_type") String mimeType) {
    }

    /**
     * Any failure status becomes a {@link PoeRejection}, never a response object that leaks further; the
     * {@link UploadClient} scrubs and classifies it.
     */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return PoeRejection.of(response);
    }
}
