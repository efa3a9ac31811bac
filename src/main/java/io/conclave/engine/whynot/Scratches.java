package io.conclave.engine.whynot;

import io.conclave.engine.owner.JournaledRuntime;

/** What every why-not replay shares: the owner's setting, publishing nothing, and closing a scratch copy quietly. */
public final class Scratches {
    private Scratches() {
    }

    /** The live owner's policies, firing cap and clock; its events go nowhere. */
    public static JournaledRuntime.Setting quiet(JournaledRuntime.Setting live) {
        return new JournaledRuntime.Setting(live.policies(), live.maxFirings(), live.wallClock(), e -> { });
    }

    /** Closes a scratch copy (null: none); it holds nothing on disk, so a failure to close loses nothing. */
    public static void close(AutoCloseable scratch) {
        if (scratch == null) {
            return;
        }
        try {
            scratch.close();
        } catch (Exception ignored) {
            // a scratch copy journals to memory only
        }
    }
}
