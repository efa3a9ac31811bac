package io.conclave.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.model.CommandException;
import io.conclave.engine.owner.OwnerRegistry;

/**
 * Owners whose journal is damaged, and their repair: an operator's explicit decision to set the damaged
 * entries aside and go on from the ones before (journaled, with the operator as its actor).
 */
@ApplicationScoped
public class RepairService {
    private final Engine engine;

    public RepairService(Engine engine) {
        this.engine = engine;
    }

    /** A damaged owner: its kind and where and why its journal is damaged. */
    public record DamagedOwner(String kind, String id, String location, long entry, String reason) {
    }

    /** What a repair did: the owner is back, from the entries before {@code damagedEntry}. */
    public record Repaired(String kind, String id, long damagedEntry, String reason, String repairedBy) {
    }

    /** Every damaged project, meeting and conversation. */
    public List<DamagedOwner> damaged() {
        List<DamagedOwner> out = new ArrayList<>();
        add(out, "project", engine.projects());
        add(out, "meeting", engine.meetings());
        add(out, "conversation", engine.conversations());
        return out;
    }

    private static void add(List<DamagedOwner> out, String kind, OwnerRegistry<?> registry) {
        registry.damaged().forEach(d -> out.add(new DamagedOwner(kind, d.id(), d.location(), d.entry(), d.reason())));
    }

    /** Repairs the damaged owner {@code id} of {@code kind} ("projects", "meetings" or "conversations"). */
    public Repaired repair(String kind, String id, String actor) throws IOException {
        Checks.id(id, "id");
        OwnerRegistry<?> registry = switch (kind) {
            case "projects" -> engine.projects();
            case "meetings" -> engine.meetings();
            case "conversations" -> engine.conversations();
            default -> throw new CommandException(CommandException.Kind.NOT_FOUND, "unknown_kind",
                    "'" + kind + "' is not a kind of owner: use projects, meetings or conversations");
        };
        OwnerRegistry.Damaged d = registry.damaged().stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
        registry.repair(id, actor);
        String singular = kind.substring(0, kind.length() - 1);
        return new Repaired(singular, id, d == null ? 0 : d.entry(), d == null ? null : d.reason(), actor);
    }
}
