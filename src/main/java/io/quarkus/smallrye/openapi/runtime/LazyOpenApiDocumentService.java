package io.quarkus.smallrye.openapi.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.quarkus.arc.Unremovable;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.quarkus.smallrye.openapi.runtime.filter.AutoSecurityFilter;
import io.smallrye.openapi.runtime.io.Format;

/**
 * Serves {@code /q/openapi} as Quarkus does, but builds the document when it is first asked for instead of at start.
 * Quarkus 3.33 parses the build-time document and writes it out as JSON and YAML during start-up, for every start,
 * although few starts are ever asked for it: that was the largest single item of the bridge's start-up (about 0.5 s of
 * 2.1 s on a plain JVM, 2 cores). The document is the same either way: every filter of the bridge runs at build time
 * ({@code dev.poebridge.ops.OpenApiErrors}).
 * <p>
 * It lives in Quarkus' package because the method Quarkus' recorder calls at start is package-private; the split
 * package is declared in {@code quarkus.arc.ignored-split-packages}. Should a Quarkus upgrade change that method, the
 * override no longer compiles, which is the point: nothing silently goes back to eager.
 */
@Alternative
@Priority(1)
@ApplicationScoped
@Unremovable // only Quarkus' recorder and handler look it up, by type, at run time
public class LazyOpenApiDocumentService extends OpenApiDocumentService {

    private record Request(AutoSecurityFilter securityFilter, Map<OpenApiFilter.RunStage, List<String>> filters,
            String documentName) {
    }

    private final List<Request> pending = new ArrayList<>();

    @Override
    synchronized void prepareDocument(AutoSecurityFilter autoSecurityFilter,
            Map<OpenApiFilter.RunStage, List<String>> userFilters, String documentName) {
        pending.add(new Request(autoSecurityFilter, userFilters, documentName));
    }

    @Override
    public byte[] getDocument(String documentName, Format format) {
        synchronized (this) {
            // Once, for the first caller; later callers find nothing pending and read what it built.
            for (Request request : pending) {
                super.prepareDocument(request.securityFilter(), request.filters(), request.documentName());
            }
            pending.clear();
        }
        return super.getDocument(documentName, format);
    }
}
