package io.conclave.bench;

import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST benchmark's reading of a flight recording: which area each sample goes to. */
class FlightProfileTest {
    private static final FlightProfile.Group LANE = FlightProfile.DECISIONS.get(0);
    private static final FlightProfile.Group LOOPS = FlightProfile.DECISIONS.get(1);

    @Test
    void aSampleGoesToTheFirstAreaItsStackHoldsWhereverTheFrameIs() {
        // leaf first, as the recording gives them: the tick fires the rules too, and counts as the tick (listed first)
        List<String> tick = List.of("org.drools.core.phreak.RuleExecutor.fire",
                "io.conclave.engine.rules.ClockedSession.fire", "io.conclave.engine.rules.ClockedSession.tick",
                "io.conclave.engine.owner.CommandPath.tick", "io.conclave.engine.owner.CommandPath.execute");
        List<String> firing = List.of("org.drools.core.reteoo.ObjectTypeNode.modifyObject",
                "io.conclave.engine.rules.ClockedSession.fire", "io.conclave.engine.owner.CommandPath.execute");
        List<String> journal = List.of("com.fasterxml.jackson.databind.ObjectWriter.writeValue",
                "io.conclave.journal.FileJournal.append", "io.conclave.engine.owner.CommandPath.commit",
                "io.conclave.engine.owner.CommandPath.execute");
        // a method whose name begins like an area's is not that area's
        List<String> binding = List.of("io.conclave.app.Checks.bindInFieldOrder",
                "io.conclave.engine.owner.CommandLane.run");
        FlightProfile.Shares s = FlightProfile.shares(LANE, List.of(tick, firing, firing, journal, binding));
        assertEquals(5, s.samples());
        assertEquals(1, s.byArea().get("the tick before the command"));
        assertEquals(2, s.byArea().get("the rules' firing"));
        assertEquals(1, s.byArea().get("the journal's line and its force"));
        assertEquals(0, s.byArea().get("the body's binding and checks"));
        assertEquals(1, s.byArea().get("other"));
        assertTrue(s.describe().startsWith("command lane 5 samples: the tick before the command 20.0%, the rules' "
                + "firing 40.0%"), s.describe());
    }

    @Test
    void aPrefixEndingInADotTakesEveryMethodOfItsPackageOrClass() {
        List<String> written = List.of("io.netty.channel.AbstractChannelHandlerContext.write",
                "org.jboss.resteasy.reactive.server.handlers.ResponseWriterHandler.handle",
                "org.jboss.resteasy.reactive.server.handlers.RestInitialHandler.beginProcessing",
                "io.vertx.ext.web.impl.RouterImpl.handle", "io.netty.channel.nio.NioEventLoop.run");
        List<String> routed = List.of("org.jboss.resteasy.reactive.server.handlers.RestInitialHandler.beginProcessing",
                "io.netty.channel.nio.NioEventLoop.run");
        List<String> decoded = List.of("io.netty.handler.codec.http.HttpObjectDecoder.decode",
                "io.netty.channel.nio.NioEventLoop.run");
        FlightProfile.Shares s = FlightProfile.shares(LOOPS, List.of(written, routed, decoded));
        Map<String, Integer> by = s.byArea();
        assertEquals(1, by.get("writing the answer (its JSON, the socket)"));
        assertEquals(1, by.get("the REST layer and routing"));
        assertEquals(1, by.get("HTTP decoding and the sockets"));
        assertEquals(0, by.get("other"));
    }

    @Test
    void readsTheSamplesOfARealRecordingByThreadAndStack(@TempDir Path dir) throws Exception {
        FlightProfile.Group spinning = new FlightProfile.Group("spinners", "flight-profile-spin",
                List.of(new FlightProfile.Area("spinning", List.of("FlightProfileTest.spinInArea"))));
        Path file = dir.resolve("spin.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            r.start();
            Thread t = new Thread(() -> spinInArea(System.nanoTime() + Duration.ofMillis(800).toNanos()),
                    "flight-profile-spin-1");
            t.start();
            t.join();
            r.stop();
            r.dump(file);
        }
        FlightProfile.Shares s = FlightProfile.read(file, List.of(spinning)).get(0);
        // up to 80 samples of 10 ms in 0.8 s of a busy thread; the sampler drops some, never most
        assertTrue(s.samples() >= 10, s::describe);
        // the thread does nothing but spin: a sample outside the method would be its first or last instant
        assertTrue(s.byArea().get("spinning") >= s.samples() - 2, s::describe);
    }

    private static volatile long sink;

    /**
     * Busy until {@code until}, in calls the sampler can walk (a loop of arithmetic alone, compiled, gave it 3 stacks
     * in 0.8 s: a stack it cannot walk is dropped), nine frames and more below this method: the five frames nearest
     * the leaf, all that {@code jfr print --json} shows by default, held it in 2 samples of 37 (by hand, once).
     */
    private static void spinInArea(long until) {
        long x = 0;
        while (System.nanoTime() < until) {
            x += deeper(8, x);
        }
        sink = x;
    }

    private static long deeper(int n, long x) {
        return n == 0 ? Long.toString(x).hashCode() : deeper(n - 1, x) + 1;
    }
}
