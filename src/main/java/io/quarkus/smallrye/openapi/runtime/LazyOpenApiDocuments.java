package io.quarkus.smallrye.openapi.runtime;

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
 * (0.5-1 s of CPU and 15-40 MB of resident memory on the project's 2-core machine: docs/benchmarks.md), although
 * most starts of a service never serve it. This bean takes that step's arguments and runs it on the first
 * {@code GET /q/openapi} (or the Swagger UI's), so the bytes served are the extension's own, built by its own code.
 *
 * <p>It sits in the extension's package because the step's method is package-private there. Where the application's
 * classes and the extension's are loaded by different class loaders (Quarkus' test runner), the method is not
 * overridden, the extension prepares the document during the start as before, and this bean only hands requests
 * on; the packaged application has one class loader and prepares lazily.
 */
@Alternative
@Unremovable
@IfBuildProfile("prod")
@Priority(1)
@ApplicationScoped
public class LazyOpenApiDocuments extends OpenApiDocumentService {
    private AutoSecurityFilter securityFilter;
    private Map<OpenApiFilter.RunStage, List<String>> filters;
    private String documentName;
    private boolean pending;

    @Override
    synchronized void prepareDocument(AutoSecurityFilter securityFilter, Map<OpenApiFilter.RunStage, List<String>> filters,
            String documentName) {
        this.securityFilter = securityFilter;
        this.filters = filters;
        this.documentName = documentName;
        this.pending = true;
    }

    @Override
    public byte[] getDocument(String documentName, Format format) {
        synchronized (this) {
            if (pending) {
                pending = false;
                super.prepareDocument(securityFilter, filters, this.documentName);
                securityFilter = null;
                filters = null;
            }
        }
        return super.getDocument(documentName, format);
    }
}
