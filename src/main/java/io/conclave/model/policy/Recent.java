package io.conclave.model.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Values worked out from rule files, remembered for the keys asked about most recently. One compile hashes a
 * file's text, cuts it into tokens and checks it several times over, and the next edit does it all again for
 * every file it did not change; what comes out depends on the text alone. Bounded: past its capacity the key
 * used longest ago goes. Safe for concurrent use; two threads asking for a new key at once may both compute it,
 * and either value is the same.
 *
 * @param <K> the key, with value equality (a file, a text, a list of files)
 * @param <V> what is remembered, never null
 */
public final class Recent<K, V> {
    private final Map<K, V> values;

    public Recent(int capacity) {
        this.values = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The value remembered for {@code key}, or the one {@code compute} gives, then remembered. */
    public V get(K key, Function<? super K, ? extends V> compute) {
        synchronized (values) {
            V known = values.get(key);
            if (known != null) {
                return known;
            }
        }
        V value = Objects.requireNonNull(compute.apply(key)); // outside the lock: a compile's threads share these
        synchronized (values) {
            values.put(key, value);
        }
        return value;
    }
}
