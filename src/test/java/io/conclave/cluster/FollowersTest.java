package io.conclave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.conclave.app.cluster.Followers;
import io.conclave.journal.kafka.KafkaJournals;
import io.conclave.journal.kafka.KafkaSettings;

/**
 * The follower of the cluster's shared topics against a real broker: following a topic from its beginning returns
 * once every record already there was handed on, and {@code awaitEnd} returns once every record written before it
 * was called was handed on, in the topic's order, whether records arrived meanwhile or none did. A request to the
 * follower wakes its consumer out of the poll under way (so a takeover does not wait for it); a request cut short by
 * that wake-up runs again whole, which these calls, made back to back, exercise.
 */
class FollowersTest {
    @Test
    void awaitEndReturnsOnceEveryRecordWrittenBeforeWasHandedOn() throws Exception {
        try (SharedBroker.Lease broker = SharedBroker.lease("followers")) {
            KafkaSettings settings = KafkaNode.settings(broker, "node-a");
            KafkaJournals journals = new KafkaJournals(settings, unsure -> { });
            try (Admin admin = Admin.create(settings.admin())) {
                journals.createTopics(admin); // the shared topics, the policies' among them
            } finally {
                journals.close();
            }
            String topic = settings.policyTopic();
            List<String> taken = new CopyOnWriteArrayList<>();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings.producer(null));
                 Followers followers = new Followers(settings)) {
                producer.send(new ProducerRecord<>(topic, 0, "k", "before")).get();
                followers.follow(topic, true, r -> taken.add(r.value()));
                assertEquals(List.of("before"), taken, "following from the beginning hands on what is there");

                for (int round = 1; round <= 3; round++) {
                    for (int i = 1; i <= round; i++) {
                        producer.send(new ProducerRecord<>(topic, 0, "k", round + "." + i)).get();
                    }
                    followers.awaitEnd(topic);
                    assertEquals(round + "." + round, taken.get(taken.size() - 1), taken::toString);
                }
                followers.awaitEnd(topic); // nothing new: returns all the same
                followers.awaitEnd(topic);
                assertEquals(List.of("before", "1.1", "2.1", "2.2", "3.1", "3.2", "3.3"), taken);
            }
        }
    }
}
