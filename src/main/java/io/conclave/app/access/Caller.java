package io.conclave.app.access;

import java.util.Collection;
import java.util.List;

import io.conclave.model.CommandException;

/**
 * Who is calling, as their token says: a name, a role ({@link #ADMIN} may do everything, including the
 * policy and tokens; {@link #OPERATOR} runs projects, meetings and conversations; {@link #AGENT} acts as
 * one agent only), the agent an agent token is bound to, and the projects it is limited to (empty: any).
 * Every command records {@link #name()} as its actor; an agent's command may only name the caller's agent.
 */
public record Caller(String name, String role, String agentId, List<String> projects, String tokenId) {
    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String AGENT = "agent";

    public Caller {
        projects = projects == null ? List.of() : List.copyOf(projects);
    }

    /** The service acting by itself (the command line, start-up loading), with every right. */
    public static Caller service(String name) {
        return new Caller(name, ADMIN, null, List.of(), null);
    }

    public boolean isAdmin() {
        return ADMIN.equals(role);
    }

    /** An operator, or an admin (who may do what an operator does). */
    public boolean isOperator() {
        return OPERATOR.equals(role) || isAdmin();
    }

    public boolean isAgent() {
        return AGENT.equals(role);
    }

    /**
     * The agent a command acts as: {@code claimed}, when it is this caller's own agent. Any other agent is
     * refused with 403 saying who the caller is and whom it tried to act for; an operator's or an admin's
     * token never acts as an agent.
     */
    public String actAs(String claimed) {
        if (!isAgent()) {
            throw new CommandException(CommandException.Kind.FORBIDDEN, "not_an_agent", role + " '" + name
                    + "' acts as the " + role + ", not as an agent: an agent's action needs that agent's token"
                    + (claimed == null ? "" : " ('" + claimed + "')"));
        }
        if (claimed != null && !claimed.equals(agentId)) {
            throw new CommandException(CommandException.Kind.FORBIDDEN, "not_yourself", "you are agent '" + agentId
                    + "'; you tried to act for '" + claimed + "'");
        }
        return agentId;
    }

    /** Refuses to read an agent's own things (its inbox) for anyone but that agent, an operator or an admin. */
    public void readsFor(String agent) {
        if (!isOperator()) {
            actAs(agent);
        }
    }

    /** Refuses a caller that is not an operator (or an admin). */
    public void mustOperate(String what) {
        if (!isOperator()) {
            throw new CommandException(CommandException.Kind.FORBIDDEN, "operators_only", role + " '" + name
                    + "' may not " + what + ": it needs an operator's or an admin's token");
        }
    }

    /** Whether this caller may see an owner whose members are {@code members}, in project {@code projectId}. */
    public boolean sees(String projectId, Collection<String> members) {
        if (isOperator()) {
            return true;
        }
        boolean inScope = projects.isEmpty() || (projectId != null && projects.contains(projectId));
        return isAgent() && inScope && members.contains(agentId);
    }
}
