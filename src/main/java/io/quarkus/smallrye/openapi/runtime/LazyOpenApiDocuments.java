package io.quarkus.smallrye.openapi.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.quarkus.arc.Unremovable;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.quarkus.smallrye.openapi.runtime.filter.AutoSecurityFilter;
import io.smallrye.openapi.runtime.io.Format;

/**
 * The OpenAPI document built when it is first asked for, not during the start. Quarkus' extension reads the
 * document it stored at build time, runs the filters and writes it out as JSON and YAML in a step of every start
 * (about 700 classes and half a second to a second of a start on the project's 2-core machine, and 15-40 MB of
 * resident memory: docs/benchmarks.md#start-up-benchmark), although most starts of a service never serve it. This
 * bean keeps that step's arguments and runs the extension's own step with them on the first {@code GET /q/openapi}
 * (or the Swagger UI's), so the bytes served are the ones the extension would have served.
 *
 * <p>It sits in the extension's package because the step's method is package-private there, and it exists in the
 * packaged application only (the prod build profile), where the application and the extension share one class
 * loader. Quarkus' test runner loads the two with different class loaders, where the method could not be replaced:
 * tests run the extension's own bean, and {@code OpenApiIT} checks the document of the packaged application.
 */
@Alternative
@Priority(1)
@Unremovable
@IfBuildProfile("prod")
@ApplicationScoped
public class LazyOpenApiDocuments extends OpenApiDocumentService {
    /** One preparation the start asked for (the extension asks once per document). */
    private record Preparation(AutoSecurityFilter securityFilter, Map<OpenApiFilter.RunStage, List<String>> filters,
            String documentName) {
    }

    private final List<Preparation> pending = new ArrayList<>();

    @Override
    synchronized void prepareDocument(AutoSecurityFilter securityFilter, Map<OpenApiFilter.RunStage, List<String>> filters,
            String documentName) {
        pending.add(new Preparation(securityFilter, filters, documentName));
    }

    @Override
    public byte[] getDocument(String documentName, Format format) {
        synchronized (this) {
            for (Preparation p : pending) {
                super.prepareDocument(p.securityFilter(), p.filters(), p.documentName());
            }
            pending.clear();
        }
        return super.getDocument(documentName, format);
    }
}
