package dev.o365emulator.server.internal.store.maildir;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A least-recently-used cache bounded by the total cost of its values (bytes, or an estimate of them);
 * a value costing more than an eighth of the bound is not kept. Thread-safe (one lock; every call is a
 * few map operations).
 */
final class BoundedCache<K, V> {
    private final long limit;
    private final ToLongFunction<V> cost;
    private final LinkedHashMap<K, V> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long used;

    BoundedCache(long limit, ToLongFunction<V> cost) {
        this.limit = limit;
        this.cost = cost;
    }

    synchronized V get(K key) {
        return entries.get(key);
    }

    synchronized void put(K key, V value) {
        long c = cost.applyAsLong(value);
        if (c > limit / 8) {
            return;
        }
        V old = entries.put(key, value);
        if (old != null) {
            used -= cost.applyAsLong(old);
        }
        used += c;
        Iterator<Map.Entry<K, V>> it = entries.entrySet().iterator();
        while (used > limit && it.hasNext()) {
            Map.Entry<K, V> eldest = it.next();
            used -= cost.applyAsLong(eldest.getValue());
            it.remove();
        }
    }

    synchronized long used() {
        return used;
    }

    long limit() {
        return limit;
    }
}
