package io.conclave.api.policy;

import io.conclave.app.policy.RuleViews;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import jakarta.annotation.security.RolesAllowed;

import io.conclave.app.access.Caller;
import io.conclave.api.security.CurrentCaller;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.app.Engine;
import io.conclave.model.policy.PolicyAttempt;
import io.conclave.app.policy.RuleService;
import io.conclave.model.policy.PolicyMessage;
import io.conclave.model.policy.RuleFile;
import io.conclave.api.ApiError;
import io.conclave.api.ApiException;
import io.conclave.api.Examples;

/** The policy: which version is live, validating candidate rules, editing rule files, reloading. */
@Path("/api/rules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rules")
public class RuleResource {
    private final CurrentCaller caller;
    private final RuleService rules;

    public RuleResource(RuleService rules, CurrentCaller caller) {
        this.caller = caller;
        this.rules = rules;
    }

    /** A set of rule files to validate; by default laid over the current folder, or on their own. */
    @Schema(name = "PolicyCandidate")
    public record Candidate(Map<String, String> files, Boolean standalone) {
    }

    @GET
    @Operation(operationId = "getRules", summary = "The active policy version, when it went live, its files, the last build attempt and the last "
            + "refused one")
    public RuleViews.RulesView get() {
        return rules.rules();
    }

    @GET
    @Path("/{chapter}/{file}")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(operationId = "getRuleFile", summary = "The text of one rule file of the rules folder")
    public String file(@PathParam("chapter") String chapter, @PathParam("file") String name) throws IOException {
        return rules.text(chapter + "/" + name, "file");
    }

    @RolesAllowed(Caller.ADMIN)
    @POST
    @Path("/validate")
    @Consumes(MediaType.TEXT_PLAIN)
    @RequestBody(content = @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING),
            examples = @ExampleObject(name = "rule_file", summary = "A rule file", value = Examples.RULE_FILE)))
    @Operation(operationId = "validatePolicy", summary = "Compile one DRL text without activating it, as file `file` of "
            + "the current policy")
    @APIResponse(responseCode = "200", description = "It compiles: the version it would get and any warnings")
    @APIResponse(responseCode = "422", description = "It does not: errors with file, line and column")
    @APIResponse(responseCode = "429", description = "Another policy is being compiled: try again after Retry-After")
    public RuleViews.ValidationView validateText(String drl, @QueryParam("file") String file) throws IOException {
        String name = file == null ? "assignment/candidate.drl" : checkName(file);
        return validated(rules.validate(List.of(new RuleFile(name, drl == null ? "" : drl)), false));
    }

    @RolesAllowed(Caller.ADMIN)
    @POST
    @Path("/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Candidate.class),
            examples = @ExampleObject(name = "files", summary = "One file added to the current policy",
                    value = Examples.RULES_CANDIDATE)))
    @Operation(operationId = "validatePolicy", summary = "Compile a set of files without activating them, over the current "
            + "folder or standalone")
    @APIResponse(responseCode = "422", description = "Errors with file, line and column")
    @APIResponseSchema(value = RuleViews.ValidationView.class, responseCode = "200", responseDescription = "OK")
    public RuleViews.ValidationView validateSet(Candidate candidate) throws IOException {
        if (candidate == null || candidate.files() == null || candidate.files().isEmpty()) {
            throw ApiException.badRequest("invalid_request", "no files to validate",
                    List.of(ApiError.Detail.at("$.files", "give at least one file: { \"chapter/name.drl\": \"DRL text\" }")));
        }
        List<RuleFile> files = new ArrayList<>();
        candidate.files().forEach((name, text) -> files.add(new RuleFile(checkName(name, "$.files." + name),
                text == null ? "" : text)));
        return validated(rules.validate(files, Boolean.TRUE.equals(candidate.standalone())));
    }

    @RolesAllowed(Caller.ADMIN)
    @PUT
    @Path("/{chapter}/{file}")
    @Consumes(MediaType.TEXT_PLAIN)
    @RequestBody(content = @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING),
            examples = @ExampleObject(name = "rule_file", summary = "A rule file", value = Examples.RULE_FILE)))
    @Operation(operationId = "putRuleFile", summary = "Validate a rule file, then write it atomically and activate the policy")
    @APIResponse(responseCode = "200", description = "Written and active: the new state of the rules")
    @APIResponse(responseCode = "422", description = "Does not compile: neither the file nor the policy changed")
    @APIResponse(responseCode = "403", description = "Rule edits over the API are switched off (conclave.rules.remote-edit)")
    @APIResponse(responseCode = "429", description = "Another policy is being compiled: try again after Retry-After")
    public RuleViews.RulesView put(@PathParam("chapter") String chapter, @PathParam("file") String file, String drl) throws IOException {
        return activated(rules.put(checkName(chapter + "/" + file), drl == null ? "" : drl, caller.get().name()));
    }

    @RolesAllowed(Caller.ADMIN)
    @DELETE
    @Path("/{chapter}/{file}")
    @Operation(operationId = "deleteRuleFile", summary = "Delete a rule file if the policy without it compiles, and activate that policy")
    @APIResponse(responseCode = "422", description = "The rest does not compile without it: nothing changed")
    @APIResponse(responseCode = "403", description = "Rule edits over the API are switched off (conclave.rules.remote-edit)")
    @APIResponseSchema(value = RuleViews.RulesView.class, responseCode = "200", responseDescription = "OK")
    public RuleViews.RulesView delete(@PathParam("chapter") String chapter, @PathParam("file") String file) throws IOException {
        String name = checkName(chapter + "/" + file);
        if (!rules.exists(name)) {
            throw new ApiException(404, "rule_file_not_found", "no rule file '" + file + "'", List.of());
        }
        return activated(rules.delete(name, caller.get().name()));
    }

    @RolesAllowed(Caller.ADMIN)
    @POST
    @Path("/reload")
    @Operation(operationId = "reloadRules", summary = "Re-read the rules folder now and activate it if it changed and compiles")
    @APIResponse(responseCode = "422", description = "The folder does not compile: the running policy stays")
    @APIResponse(responseCode = "403", description = "Rule edits over the API are switched off (conclave.rules.remote-edit)")
    @APIResponseSchema(value = RuleViews.RulesView.class, responseCode = "200", responseDescription = "OK")
    public RuleViews.RulesView reload() throws IOException {
        return activated(rules.reload(caller.get().name()));
    }

    private RuleViews.RulesView activated(PolicyAttempt attempt) {
        if (!attempt.activated()) {
            boolean compiled = attempt.messages().stream().anyMatch(m -> m.message().startsWith("not activated"));
            throw policyErrors(attempt.messages(), "policy " + attempt.version() + (compiled
                    ? " compiles but an owner could not take it (see details)" : " does not compile")
                    + "; the running policy " + (rules.activeVersion() == null ? "(none)" : rules.activeVersion())
                    + " stays active and no file was changed");
        }
        return get();
    }

    private static RuleViews.ValidationView validated(RuleService.Validation r) {
        if (!r.ok()) {
            throw policyErrors(r.messages(), "the candidate policy does not compile");
        }
        return new RuleViews.ValidationView(true, r.version(), r.files(), r.warnings());
    }

    public static ApiException policyErrors(List<PolicyMessage> messages, String message) {
        return ApiException.invalidPolicy(messages, message);
    }

    private static String checkName(String name) {
        return checkName(name, "file");
    }

    private static String checkName(String name, String path) {
        return RuleService.checkName(name, path);
    }
}
