package io.conclave.ui;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The page shown instead of a dashboard page the service cannot show (no such project, meeting...). */
public final class ErrorPage {
    private ErrorPage() {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(int status, String code, String message);
    }
}
