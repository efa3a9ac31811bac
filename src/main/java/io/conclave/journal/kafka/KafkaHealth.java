package io.conclave.journal.kafka;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * Whether this node can reach Kafka now, as its writes and a periodic probe found: a write that Kafka did not
 * answer (or refused for want of brokers) marks it unreachable, so later writes are refused at once instead of
 * waiting; a batch written or a probe answered marks it reachable again. Readiness reads it.
 */
public final class KafkaHealth implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KafkaHealth.class);

    private final Admin admin;
    private final Duration timeout;
    private volatile String down;
    private volatile long lastGood = System.nanoTime();

    /** {@code admin}: the node's admin client, asked for the cluster's id by {@link #probe}. */
    public KafkaHealth(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Why Kafka cannot be written now; null while it can. */
    public String down() {
        return down;
    }

    /** Kafka did not answer, or refused for want of brokers. */
    public void failed(String why) {
        if (down == null) {
            LOG.errorf("Kafka is unreachable: %s; writes are refused until it answers again", why);
        }
        down = why;
    }

    /** Kafka answered. */
    public void reached() {
        lastGood = System.nanoTime();
        if (down != null) {
            LOG.infof("Kafka answers again");
            down = null;
        }
    }

    /**
     * Asks the cluster for its id when nothing told for {@code every} whether Kafka answers (an idle node finds an
     * outage before its next write does); returns whether it answered.
     */
    public boolean probe(Duration every) {
        if (down == null && System.nanoTime() - lastGood < every.toNanos()) {
            return true;
        }
        try {
            admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            reached();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            failed("no answer to a probe within " + timeout.toMillis() + " ms ("
                    + (e.getCause() != null ? e.getCause() : e).getClass().getSimpleName() + ")");
            return false;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
