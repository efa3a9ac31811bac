package io.conclave.engine.policy;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * Watches the rules folder and each chapter folder in it: a change is handed on after {@code quietMillis} without
 * further events; every {@code pollMillis} it is handed on anyway, for file systems that send no events. What to
 * do with the folder is the host's ({@code look}, told what triggered it: "file change" or "poll").
 * <p>
 * The quiet time keeps a half-written file from being read, and coalesces the events of one save or checkout. It
 * need not delay the compile: once the folder has had no event for {@code aheadMillis} (an editor's save is done in
 * a few), {@code ahead} is told, and the host compiles what the folder holds while the rest of the quiet time
 * passes; the look then finds that compile under way or done. An event after it starts the wait over, and the
 * next {@code ahead} replaces a compile of what the folder no longer holds.
 * <p>
 * One daemon thread of its own: the JDK's {@link WatchService} is a blocking poll, and the engine runs without
 * the application's executors (the command line hosts a policy too).
 */
final class RulesWatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RulesWatcher.class);

    private final Path rulesDir;
    private final WatchService service;
    private final Thread thread;

    private RulesWatcher(Path rulesDir, long quietMillis, long aheadMillis, long pollMillis, Runnable ahead,
                         Consumer<String> look) throws IOException {
        this.rulesDir = rulesDir;
        Files.createDirectories(rulesDir);
        this.service = FileSystems.getDefault().newWatchService();
        register();
        this.thread = new Thread(() -> loop(quietMillis, Math.max(0, aheadMillis), pollMillis, ahead, look),
                "conclave-rules-watcher");
        thread.setDaemon(true);
    }

    /** Starts watching {@code rulesDir}; with {@code aheadMillis} not below the quiet time nothing is compiled ahead. */
    static RulesWatcher start(Path rulesDir, long quietMillis, long aheadMillis, long pollMillis, Runnable ahead,
                              Consumer<String> look) throws IOException {
        RulesWatcher w = new RulesWatcher(rulesDir, quietMillis, aheadMillis, pollMillis, ahead, look);
        w.thread.start();
        return w;
    }

    private void loop(long quietMillis, long aheadMillis, long pollMillis, Runnable ahead, Consumer<String> look) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = service.poll(pollMillis, TimeUnit.MILLISECONDS);
                String trigger = "poll";
                if (key != null) {
                    trigger = "file change";
                    // a burst of events, aheadMillis without any (then compiled ahead), the rest of the quiet time
                    boolean compileAhead = aheadMillis < quietMillis;
                    while (key != null) {
                        key.pollEvents();
                        key.reset();
                        if (compileAhead) {
                            key = service.poll(aheadMillis, TimeUnit.MILLISECONDS);
                            if (key == null) {
                                register();
                                tell(ahead);
                                key = service.poll(quietMillis - aheadMillis, TimeUnit.MILLISECONDS);
                            }
                        } else {
                            key = service.poll(quietMillis, TimeUnit.MILLISECONDS);
                        }
                    }
                }
                register(); // a chapter folder created since: watch it too
                look.accept(trigger);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tells {@code ahead}; whatever it throws, the watcher keeps watching. */
    private static void tell(Runnable ahead) {
        try {
            ahead.run();
        } catch (RuntimeException e) {
            LOG.debugf("compiling ahead: %s", e.getMessage());
        }
    }

    /** Watches the rules folder and each chapter folder in it (registering one twice is harmless). */
    private void register() {
        try {
            rulesDir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            try (var folders = Files.list(rulesDir)) {
                for (Path p : folders.filter(Files::isDirectory).toList()) {
                    p.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                }
            }
        } catch (IOException | ClosedWatchServiceException e) {
            LOG.debugf("watching %s: %s", rulesDir, e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        thread.interrupt();
        service.close();
    }
}
