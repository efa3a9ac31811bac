package io.conclave.journal.kafka;

import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;

/** What a node's writer may write: the command partitions the node serves, each under its claim ({@link NodeWriter}). */
public record Holding(Map<TopicPartition, Holding.Claim> claims) {
    /** A claim of a partition: the claim record's offset, and where the writer's follower starts reading the partition. */
    public record Claim(long offset, long readFrom) {
    }

    public Set<TopicPartition> partitions() {
        return claims.keySet();
    }
}
