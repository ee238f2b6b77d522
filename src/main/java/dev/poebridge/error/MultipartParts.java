package dev.poebridge.error;

import java.util.Locale;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Every part of a multipart body must name itself ({@code Content-Disposition: form-data; name="..."}). Quarkus REST's
 * parser files a part without that header under the name of the part before it (or under no name at all), so a part
 * without headers after {@code prompt} would silently become a second prompt; such a body is refused with a 400
 * instead. Runs once the form is read, before any parameter is taken from it.
 */
public class MultipartParts {

    @ServerRequestFilter
    @WithFormRead
    public void requireNamedParts(ResteasyReactiveContainerRequestContext request) {
        String contentType = request.getHeaderString("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")
                || !(request.getServerRequestContext() instanceof ResteasyReactiveRequestContext context)) {
            return;
        }
        FormData form = context.getFormData();
        if (form == null) {
            return;
        }
        for (String name : form) {
            if (name == null) {
                throw unnamed();
            }
            for (FormValue value : form.get(name)) {
                if (!isFormData(value.getHeaders().getFirst("Content-Disposition"))) {
                    throw unnamed();
                }
            }
        }
    }

    /**
     * The parser takes a part's name from a {@code form-data} disposition, and leaves a part without one under the
     * name it had before: only the former is a part that named itself.
     */
    private static boolean isFormData(String disposition) {
        return disposition != null && disposition.trim().toLowerCase(Locale.ROOT).startsWith("form-data");
    }

    private static ApiException unnamed() {
        return new ApiException(400, "invalid_request_error", null, "invalid_multipart",
                "Every part of a multipart body needs a 'Content-Disposition: form-data; name=\"...\"' header.");
    }
}
