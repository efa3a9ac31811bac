package io.conclave.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;

/**
 * A decision's details as its ledger keeps them: a copy, so a rule that changes a map it explained with (a turn's
 * field, whose agents passed over it keeps adding to) no longer changes a decision already made, and a compact one,
 * since a busy conversation keeps hundreds of decisions in memory for seconds and every collection copies them. Each
 * map, the top level too, becomes an immutable map of its entries sorted by key in two arrays (one object and two
 * arrays instead of an entry object per key), a nested list an immutable list. The JSON is the same: every mapper of
 * the service writes map entries sorted by key, and since the map says it is sorted ({@link SortedMap}) Jackson
 * writes it as it is instead of copying it into a {@code TreeMap} first, at every answer, history line and inbox item.
 */
public final class FrozenDetails {
    private FrozenDetails() {
    }

    /** A frozen copy of {@code details}, sorted by key; an empty map for null. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> of(Map<String, ?> details) {
        if (details == null || details.isEmpty()) {
            return Map.of();
        }
        return (Map<String, Object>) (Map<?, ?>) map(details);
    }

    static Object frozen(Object value) {
        if (value instanceof Map<?, ?> m) {
            return map(m);
        }
        if (value instanceof List<?> l) {
            return list(l);
        }
        return value; // text, numbers, sets and the model's own values are kept as they are
    }

    private static List<Object> list(List<?> list) {
        Object[] items = new Object[list.size()];
        boolean nulls = false;
        int i = 0;
        for (Object o : list) {
            nulls |= o == null;
            items[i++] = frozen(o);
        }
        return nulls ? Collections.unmodifiableList(Arrays.asList(items)) : List.of(items);
    }

    private static Map<Object, Object> map(Map<?, ?> map) {
        String[] keys = new String[map.size()];
        int i = 0;
        for (Object k : map.keySet()) {
            if (!(k instanceof String s)) { // keys of another kind keep their own order, in a plain copy
                Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((key, v) -> copy.put(key, frozen(v)));
                return Collections.unmodifiableMap(copy);
            }
            keys[i++] = s;
        }
        Arrays.sort(keys);
        Object[] values = new Object[keys.length];
        for (int j = 0; j < keys.length; j++) {
            values[j] = frozen(map.get(keys[j]));
        }
        return new Sorted(keys, values);
    }

    /**
     * An immutable map of text keys in their natural order, its keys and values in two arrays; a {@link SortedMap}, so
     * that a writer that sorts map entries (Jackson with {@code ORDER_MAP_ENTRIES_BY_KEYS}) takes it as it is.
     */
    static final class Sorted extends AbstractMap<Object, Object> implements SortedMap<Object, Object> {
        private final String[] keys;
        private final Object[] values;

        Sorted(String[] keys, Object[] values) {
            this.keys = keys;
            this.values = values;
        }

        private int indexOf(Object key) {
            return key instanceof String s ? Arrays.binarySearch(keys, s) : -1;
        }

        @Override
        public Object get(Object key) {
            int i = indexOf(key);
            return i >= 0 ? values[i] : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public int size() {
            return keys.length;
        }

        /** Null: the keys' natural order (text). */
        @Override
        public java.util.Comparator<? super Object> comparator() {
            return null;
        }

        @Override
        public Object firstKey() {
            if (keys.length == 0) {
                throw new NoSuchElementException();
            }
            return keys[0];
        }

        @Override
        public Object lastKey() {
            if (keys.length == 0) {
                throw new NoSuchElementException();
            }
            return keys[keys.length - 1];
        }

        @Override
        public SortedMap<Object, Object> subMap(Object fromKey, Object toKey) {
            if (((String) fromKey).compareTo((String) toKey) > 0) {
                throw new IllegalArgumentException("fromKey > toKey");
            }
            return range(from(fromKey), from(toKey));
        }

        @Override
        public SortedMap<Object, Object> headMap(Object toKey) {
            return range(0, from(toKey));
        }

        @Override
        public SortedMap<Object, Object> tailMap(Object fromKey) {
            return range(from(fromKey), keys.length);
        }

        /** The index of the first key at or after {@code key} (a text: another kind is a ClassCastException). */
        private int from(Object key) {
            int i = Arrays.binarySearch(keys, (String) key);
            return i >= 0 ? i : -i - 1;
        }

        /** The entries from index {@code from} to {@code to} (excluded), as a copy: this map never changes. */
        private Sorted range(int from, int to) {
            return new Sorted(Arrays.copyOfRange(keys, from, to), Arrays.copyOfRange(values, from, to));
        }

        @Override
        public Set<Entry<Object, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<Object, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < keys.length;
                        }

                        @Override
                        public Entry<Object, Object> next() {
                            if (next >= keys.length) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(keys[i], values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return keys.length;
                }
            };
        }
    }
}
