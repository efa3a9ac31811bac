package io.conclave.app.followup;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.cluster.Cluster;
import io.conclave.model.CommandException;
import io.conclave.journal.CommandCodec;
import io.conclave.model.Json;
import io.conclave.model.Problem;
import io.conclave.model.command.Command;

/**
 * Follow-ups in a cluster: run here when this node serves the target owner, otherwise sent to the node that does
 * (as the node directory says, like a forwarded request) with this node's own token, and sent again while the
 * owner's partition moves or its node does not answer, until {@link #PATIENCE} has passed. The target journals
 * the follow-up with its key, so a resend (after a timeout whose answer was lost, or by the node that took the
 * sender over) is recognised there and not applied twice.
 */
public final class ClusterOwnerCommands implements OwnerCommands {
    private static final Logger LOG = Logger.getLogger(ClusterOwnerCommands.class);
    /** The path a node receives follow-ups on. */
    public static final String PATH = "/api/cluster/follow-ups";
    /** How long a follow-up is sent again while its owner is moving or unreachable. */
    static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final long PAUSE_MILLIS = 500;

    private final Cluster cluster;
    private final OwnerCommands local;
    private final Supplier<String> token;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** {@code token}: this node's own token, accepted by every node of the cluster. */
    public ClusterOwnerCommands(Cluster cluster, OwnerCommands local, Supplier<String> token) {
        this.cluster = cluster;
        this.local = local;
        this.token = token;
    }

    /** A follow-up as one node sends it to another. */
    public record Wire(@NotBlank(message = "is required") String kind,
                       @NotBlank(message = "is required") String ownerId,
                       @NotBlank(message = "is required") String type,
                       @NotNull(message = "is required") JsonNode command,
                       @NotBlank(message = "is required") String actor,
                       @NotBlank(message = "is required") String key, OnlyIf onlyIf) {
    }

    /** What the receiving node answers. */
    public record Answer(String outcome) {
    }

    @Override
    public Outcome send(FollowUp f) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String why = null;
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            if (attempt > 0) {
                pause();
            }
            Cluster.Route route = cluster.route(f.kind(), f.ownerId());
            if (route.kind() == Cluster.Route.Kind.LOCAL) {
                try {
                    return local.send(f);
                } catch (CommandException e) {
                    if (e.kind() != CommandException.Kind.UNAVAILABLE
                            && e.kind() != CommandException.Kind.OUTCOME_UNKNOWN) {
                        throw e; // a follow-up sent again is recognised by its key: retrying an unknown one is safe
                    }
                    why = e.getMessage(); // the partition moved away meanwhile: routed again
                    continue;
                }
            }
            if (route.kind() == Cluster.Route.Kind.UNAVAILABLE) {
                why = route.why();
                continue;
            }
            HttpResponse<String> answer;
            try {
                answer = post(route.url(), f);
            } catch (IOException e) {
                why = "its node at " + route.url() + " did not answer (" + e.getClass().getSimpleName() + ")";
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandException(CommandException.Kind.UNAVAILABLE, "follow_up_undelivered", "interrupted");
            }
            int status = answer.statusCode();
            if (status == 200) {
                return Outcome.valueOf(read(answer.body()).path("outcome").asText().toUpperCase(java.util.Locale.ROOT));
            }
            if (status == 503 || status == 504 || status == 401 || status == 429) {
                // moving, its fate unknown (sent again: recognised by its key), or this node's token not there yet
                why = "node at " + route.url() + " answered " + status;
                continue;
            }
            JsonNode error = read(answer.body());
            throw new CommandException(kindOf(status), error.path("error").asText("refused"),
                    error.path("message").asText("refused by the node at " + route.url()));
        }
        LOG.warnf("follow-up %s for %s %s not delivered in %s: %s", f.key(), f.kind(), f.ownerId(), PATIENCE, why);
        throw new CommandException(CommandException.Kind.UNAVAILABLE, "follow_up_undelivered", "follow-up " + f.key()
                + " for " + f.kind() + " " + f.ownerId() + " could not be delivered: " + why).retryAfter(1);
    }

    /**
     * What the node serving owner {@code id} answers to a GET of {@code path} (a view of the owner that only that
     * node can give), asked with this node's token and asked again while the owner moves; null when this node
     * serves the owner (read it here).
     */
    public JsonNode read(String kind, String id, String path) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String why = null;
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            if (attempt > 0) {
                pause();
            }
            Cluster.Route route = cluster.route(kind, id);
            if (route.kind() == Cluster.Route.Kind.LOCAL) {
                return null;
            }
            if (route.kind() == Cluster.Route.Kind.UNAVAILABLE) {
                why = route.why();
                continue;
            }
            HttpResponse<String> answer;
            try {
                answer = client.send(HttpRequest.newBuilder(URI.create(route.url() + path)).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token.get()).header("Accept", "application/json")
                        .header("X-Conclave-Forwarded-By", cluster.nodeId()).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                why = "its node at " + route.url() + " did not answer (" + e.getClass().getSimpleName() + ")";
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandException(CommandException.Kind.UNAVAILABLE, kind + "_moving", "interrupted");
            }
            if (answer.statusCode() == 200) {
                return read(answer.body());
            }
            if (answer.statusCode() == 503 || answer.statusCode() == 401) {
                why = "node at " + route.url() + " answered " + answer.statusCode();
                continue;
            }
            JsonNode error = read(answer.body());
            throw new CommandException(kindOf(answer.statusCode()), error.path("error").asText("refused"),
                    error.path("message").asText("refused by the node at " + route.url()));
        }
        throw new CommandException(CommandException.Kind.UNAVAILABLE, kind + "_moving", kind + " '" + id
                + "' cannot be reached now: " + why).retryAfter(1);
    }

    /**
     * A follow-up another node sent here: run on the owner when this node serves it; otherwise 503 (never sent
     * on again: the sender routes it anew).
     */
    public Outcome receive(Wire wire) {
        Command command = decode(wire);
        FollowUp f = new FollowUp(wire.kind(), wire.ownerId(), command, wire.actor(), wire.key(), wire.onlyIf());
        Cluster.Route route = cluster.route(f.kind(), f.ownerId());
        if (route.kind() != Cluster.Route.Kind.LOCAL) {
            throw new CommandException(CommandException.Kind.UNAVAILABLE, f.kind() + "_moving", f.kind() + " '"
                    + f.ownerId() + "' is not served by node " + cluster.nodeId() + " now").retryAfter(1);
        }
        return local.send(f);
    }

    private HttpResponse<String> post(String base, FollowUp f) throws IOException, InterruptedException {
        Wire wire = new Wire(f.kind(), f.ownerId(), f.command().type(), Json.MAPPER.valueToTree(f.command()), f.actor(),
                f.key(), f.onlyIf());
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + PATH)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token.get())
                .header("X-Conclave-Forwarded-By", cluster.nodeId())
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(wire))).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Command decode(Wire wire) {
        CommandCodec<?> codec = switch (String.valueOf(wire.kind())) {
            case "project" -> CommandCodec.PROJECT;
            case "meeting" -> CommandCodec.MEETING;
            case "conversation" -> CommandCodec.CONVERSATION;
            default -> throw new CommandException(CommandException.Kind.INVALID, "invalid_request", "no such kind of owner",
                    List.of(new Problem("$.kind", "must be project, meeting or conversation")));
        };
        try {
            return codec.decode(wire.type(), wire.command());
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandException(CommandException.Kind.INVALID, "invalid_request", "the command does not read",
                    List.of(new Problem("$.command", e.getMessage().lines().findFirst().orElse("does not read"))));
        }
    }

    private static JsonNode read(String body) {
        try {
            return Json.MAPPER.readTree(body == null ? "{}" : body);
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    private static CommandException.Kind kindOf(int status) {
        return switch (status) {
            case 400 -> CommandException.Kind.INVALID;
            case 403 -> CommandException.Kind.FORBIDDEN;
            case 404 -> CommandException.Kind.NOT_FOUND;
            case 409 -> CommandException.Kind.CONFLICT;
            case 422 -> CommandException.Kind.POLICY;
            default -> CommandException.Kind.UNAVAILABLE;
        };
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException(CommandException.Kind.UNAVAILABLE, "follow_up_undelivered", "interrupted");
        }
    }
}
