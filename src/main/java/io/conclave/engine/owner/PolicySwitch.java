package io.conclave.engine.owner;

import io.conclave.engine.policy.Policy;
import io.conclave.journal.JournalEntry;
import io.conclave.model.CommandException;
import io.conclave.model.command.Command;
import io.conclave.model.command.SwitchPolicy;

/**
 * An owner's move to another policy version, journaled like any command: to the active one when it falls behind
 * (before each command, or when a version is activated), given up for a version under which the owner fails, and
 * to a candidate tried on every owner before it goes live. A pinned owner stays where it is.
 */
final class PolicySwitch<C extends Command, A> {
    private final JournaledRuntime<C, A> rt;
    /** The active version this owner failed under: not tried again until another one is activated. */
    private String refusedVersion;

    PolicySwitch(JournaledRuntime<C, A> rt) {
        this.rt = rt;
    }

    /**
     * Moves the owner to the active policy if it runs another one, journaled like any command. A version
     * under which this owner fails is logged and not tried again until another one is activated.
     */
    void catchUp() {
        rt.lock.lock();
        try (AutoCloseable ignored = rt.closed ? null : rt.exclusive()) {
            Residency.Asleep asleep = rt.residency.kept();
            if (!rt.closed && (asleep == null || behind(asleep.version(), asleep.pinned()))) {
                rt.residency.awake();
                rt.catchUpOthers();
                switchIfBehind();
            }
        } catch (Exception e) {
            JournaledRuntime.LOG.errorf("%s could not move to the active policy: %s", rt.name(), e.getMessage());
        } finally {
            rt.lock.unlock();
        }
    }

    /** Whether an owner running {@code version} (pinned to {@code pinned}, or null) is to move to the active policy. */
    private boolean behind(String version, String pinned) {
        Policy active = rt.setting.policies().active();
        return active != null && pinned == null && !version.equals(active.version())
                && !active.version().equals(refusedVersion);
    }

    /** Moves a live owner (under its lock) to the active policy when it runs another one and is not pinned. */
    void switchIfBehind() {
        Policy active = rt.setting.policies().active();
        if (active == null || rt.pinnedVersion() != null || rt.runningVersion().equals(active.version())
                || active.version().equals(refusedVersion)) {
            return;
        }
        JournalEntry<C> entry = new JournalEntry<>(rt.nextSeq,
                active.activatedBy() == null ? "operator" : active.activatedBy(), active.version(), rt.now(),
                switchCommand(active.version()), null, active.digest());
        try {
            rt.commands.commit(entry, rt.replays.applyOrRollBack(entry));
        } catch (RuntimeException e) {
            refusedVersion = active.version();
            JournaledRuntime.LOG.errorf("%s stays on policy %s: %s", rt.name(), rt.runningVersion(), e.getMessage());
        }
    }

    /**
     * Moves the owner to {@code target} now, journaled like any switch: a policy is tried on every owner
     * before it goes live. Returns null when the owner runs it (or ran it already) or is pinned to another
     * version, else why it cannot.
     */
    String switchTo(Policy target) {
        rt.lock.lock();
        try (AutoCloseable ignored = rt.closed ? null : rt.exclusive()) {
            Residency.Asleep asleep = rt.residency.kept();
            if (rt.closed || (asleep != null ? asleep.pinned() != null || asleep.version().equals(target.version())
                    : rt.pinnedVersion() != null || rt.runningVersion().equals(target.version()))) {
                return null; // a pinned owner keeps its version: activation does not move it
            }
            rt.residency.awake();
            rt.catchUpOthers();
            JournalEntry<C> entry = new JournalEntry<>(rt.nextSeq,
                    target.activatedBy() == null ? "operator" : target.activatedBy(), target.version(), rt.now(),
                    switchCommand(target.version()), null, target.digest());
            rt.commands.commit(entry, rt.replays.applyOrRollBack(entry));
            return null;
        } catch (CommandException e) {
            return e.getMessage();
        } catch (Exception e) {
            return e.toString();
        } finally {
            rt.lock.unlock();
        }
    }

    /** The command that moves the owner to another policy version, shared by every command family. */
    @SuppressWarnings("unchecked")
    private C switchCommand(String version) {
        return (C) new SwitchPolicy(version);
    }
}
