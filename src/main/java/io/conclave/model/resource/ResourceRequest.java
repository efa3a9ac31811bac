package io.conclave.model.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.kie.api.definition.type.ClassReactive;

import io.conclave.model.Fact;

/**
 * An agent's open request for a shared resource, from its arrival until it is let go of (alone) or all its hours
 * were given as windows. {@code order} numbers the project's requests in arrival order; the ranking reads the
 * agent's and the task's priority as they were asked for ({@code agentPriority}, {@code taskPriority}: 0 without a
 * task). Kept by rules/coordination/resources.drl and resource_windows.drl.
 */
@ClassReactive
public final class ResourceRequest implements Fact {
    private final String resource;
    private final String agentId;
    private final String taskId;
    private final Double hours;
    private final int order;
    private final long requestedAt;
    private final int agentPriority;
    private final int taskPriority;
    private boolean granted;
    private double hoursGiven;
    private int windows;
    private long lastWindowEnd = -1;
    private int round;
    private boolean windowLetGo;
    private boolean waited;

    public ResourceRequest(String resource, String agentId, String taskId, Double hours, int order, long requestedAt,
                           int agentPriority, int taskPriority) {
        this.resource = resource;
        this.agentId = agentId;
        this.taskId = taskId;
        this.hours = hours;
        this.order = order;
        this.requestedAt = requestedAt;
        this.agentPriority = agentPriority;
        this.taskPriority = taskPriority;
    }

    /**
     * A ranking of requests as the ledger shows it ("ranking" of a resource conflict): one line per request in the
     * order given (the policy's, resources.drl {@code ranked}), each { agent_id, task_id, agent_priority,
     * task_priority, request } in key order; task_id is null for a request without a task.
     */
    public static List<Map<String, Object>> rankingLines(List<ResourceRequest> order) {
        List<Map<String, Object>> out = new ArrayList<>(order.size());
        for (ResourceRequest r : order) {
            Map<String, Object> line = new TreeMap<>();
            line.put("agent_id", r.agentId);
            line.put("task_id", r.taskId);
            line.put("agent_priority", r.agentPriority);
            line.put("task_priority", r.taskPriority);
            line.put("request", r.order);
            out.add(line);
        }
        return out;
    }

    public String getResource() { return resource; }
    public String getAgentId() { return agentId; }
    public String getTaskId() { return taskId; }
    /** Hours asked for in windows; null for use alone until released. */
    public Double getHours() { return hours; }
    public boolean isWindowed() { return hours != null; }
    public int getOrder() { return order; }
    public long getRequestedAt() { return requestedAt; }
    public int getAgentPriority() { return agentPriority; }
    public int getTaskPriority() { return taskPriority; }
    /** True while the agent holds the resource alone. */
    public boolean isGranted() { return granted; }
    public void setGranted(boolean granted) { this.granted = granted; }
    /** Hours given as windows so far. */
    public double getHoursGiven() { return hoursGiven; }
    /** Hours still to give as windows (0 for a request alone). */
    public double getHoursLeft() { return hours == null ? 0 : Math.max(0, hours - hoursGiven); }
    public int getWindows() { return windows; }
    /** When its last window ends (epoch millis), -1 before the first. */
    public long getLastWindowEnd() { return lastWindowEnd; }

    /** True when the resource was held (or a round under way) as the request came: it had to wait. */
    public boolean isWaited() { return waited; }
    public void markWaited() { waited = true; }

    /** The round of windows its last window belongs to (0 before the first). */
    public int getRound() { return round; }
    /** True when the agent let go of its last window before it ended. */
    public boolean isWindowLetGo() { return windowLetGo; }

    /** Records a window of {@code h} hours of round {@code r} ending at {@code end}. */
    public void windowGiven(int r, double h, long end) {
        hoursGiven += h;
        windows++;
        lastWindowEnd = end;
        round = r;
        windowLetGo = false;
    }

    /** The agent let go of its current window at {@code now}. */
    public void letGoOfWindow(long now) {
        windowLetGo = true;
        lastWindowEnd = Math.min(lastWindowEnd, now);
    }

    @Override
    public String factKey() {
        return resource + "\u0000" + String.format("%08d", order);
    }

    @Override
    public String describe() {
        return "request #" + order + " of " + resource + " by " + agentId + " [priority " + agentPriority
                + (taskId == null ? "" : ", task " + taskId + " priority " + taskPriority)
                + (hours == null ? (granted ? ", holds it" : ", waits") : ", " + hoursGiven + " of " + hours + " h given") + "]";
    }
}
