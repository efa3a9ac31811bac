package io.conclave.model.resource;

import org.kie.api.definition.type.ClassReactive;

import io.conclave.model.Fact;

/**
 * A resource the agents of a project have asked for, with how it is shared now: held alone by one agent
 * ({@code holder}), or given in rounds of windows (round {@code round}, from {@code roundStart} to {@code roundEnd},
 * epoch millis), or free. {@code grants} counts the times it was given alone, {@code requests} the requests it took
 * (their numbers). {@code nextRoundAt}: when the next round of windows is due while requests wait, else null (the
 * project's clock wakes then). Kept by rules/coordination/resources.drl and resource_windows.drl.
 */
@ClassReactive
public final class SharedResource implements Fact {
    private final String resource;
    private String holder;
    private int grants;
    private int requests;
    private int round;
    private long roundStart = -1;
    private long roundEnd = -1;
    private int windowsOpen;
    private Long nextRoundAt;

    public SharedResource(String resource) {
        this.resource = resource;
    }

    public String getResource() { return resource; }
    /** The agent holding it alone, or null. */
    public String getHolder() { return holder; }
    public int getGrants() { return grants; }
    public int getRequests() { return requests; }
    public int getRound() { return round; }
    public long getRoundStart() { return roundStart; }
    public long getRoundEnd() { return roundEnd; }
    /** Windows of the current round not yet let go of. */
    public int getWindowsOpen() { return windowsOpen; }
    public Long getNextRoundAt() { return nextRoundAt; }

    /** True when a round of windows is under way at {@code now}. */
    public boolean roundUnderWay(long now) {
        return round > 0 && windowsOpen > 0 && now < roundEnd;
    }

    /** Numbers the next request. */
    public int nextRequest() {
        return ++requests;
    }

    /** The resource goes to {@code agentId} alone. */
    public void grant(String agentId) {
        holder = agentId;
        grants++;
    }

    /** Its holder let go. */
    public void free() {
        holder = null;
    }

    /** A round of {@code windows} windows from {@code start} to {@code end}. */
    public void startRound(long start, long end, int windows) {
        round++;
        roundStart = start;
        roundEnd = end;
        windowsOpen = windows;
        nextRoundAt = null;
    }

    /** One window of the current round was let go of early; the last one ends the round at {@code now}. */
    public void windowDone(long now) {
        windowsOpen = Math.max(0, windowsOpen - 1);
        if (windowsOpen == 0) {
            roundEnd = Math.min(roundEnd, now);
        }
    }

    /** When the next round is due (null: nothing waits). */
    public void setNextRoundAt(Long at) {
        nextRoundAt = at;
    }

    @Override
    public String factKey() {
        return resource;
    }

    @Override
    public String describe() {
        return "resource " + resource + " [" + (holder != null ? "held by " + holder : round > 0 && windowsOpen > 0
                ? "round " + round + " of windows, " + windowsOpen + " open" : "free") + "]";
    }
}
