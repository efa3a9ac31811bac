package io.conclave.ui;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.conclave.api.ApiException;
import io.conclave.model.CommandException;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;

/**
 * What every dashboard page shares: answering with the whole page or with one fragment of it (the part the
 * page's script fetches again when an event concerns it), and a readable HTML page for a refusal, where the
 * API answers JSON. Pages are rendered in the resource method (on a worker thread), so a failure while
 * rendering reaches the page's exception mappers.
 */
public final class Pages {
    private Pages() {
    }

    /**
     * The page, or its fragment {@code fragment} rendered with the same model. A fragment is part of the
     * page's template, so the build checks it with the page; an unknown name is a 404.
     */
    public static String render(TemplateInstance page, String fragment, String name, Object model) {
        if (fragment == null || fragment.isBlank()) {
            return page.render();
        }
        Template.Fragment part = page.getTemplate().getFragment(fragment);
        if (part == null) {
            throw new ApiException(404, "fragment_not_found", "this page has no fragment '" + fragment + "'", List.of());
        }
        return part.instance().data(name, model).render();
    }

    /** A refusal of the engine (no such project, meeting...) as an HTML page with the API's status. */
    public static Response error(CommandException e) {
        return error(ApiException.status(e.kind()), e.code(), e.getMessage());
    }

    /** A refusal of the REST layer (a bad id, an unknown fragment) as an HTML page. */
    public static Response error(ApiException e) {
        return error(e.status(), e.error(), e.getMessage());
    }

    private static Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(ErrorPage.Templates.error(status, code, message).render()).build();
    }
}
