package io.conclave.api;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.ProjectSchemaCheck;
import io.conclave.model.Json;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Every project a REST test creates is checked against the project schema (docs/project.schema.json) as it is
 * created: a body the service accepts (201) must be valid by the schema, and an unknown field the service refuses
 * must be refused by the schema at the same path. So the schema stays true to every project JSON the tests use,
 * not only to the examples. Installed with {@link TestTokens}.
 */
public class ProjectBodies implements Filter {
    @Override
    public Response filter(FilterableRequestSpecification req, FilterableResponseSpecification res, FilterContext ctx) {
        Response r = ctx.next(req, res);
        if (!"POST".equals(req.getMethod()) || !req.getURI().replaceFirst("\\?.*", "").endsWith("/api/projects")
                || !(req.getBody() instanceof String body)) {
            return r;
        }
        JsonNode project;
        try {
            project = Json.MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            return r; // the service's to refuse
        }
        if (r.statusCode() == 201 && !r.asString().contains("\"warnings\"")) {
            ProjectSchemaCheck.assertValid(project, "the project created by POST /api/projects");
        } else if (r.statusCode() == 400) {
            List<String> schema = ProjectSchemaCheck.refusals(project).stream().map(ProjectSchemaCheck.Refusal::path).toList();
            List<String> unknown = r.jsonPath().getList("details.findAll { it.message.startsWith('unknown field') }.path");
            for (String path : unknown) {
                if (!schema.contains(path)) {
                    throw new AssertionError("the service refused the unknown field " + path
                            + " but docs/project.schema.json does not: " + schema);
                }
            }
        }
        return r;
    }
}
