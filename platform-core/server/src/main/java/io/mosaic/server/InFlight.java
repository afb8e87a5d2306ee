package io.mosaic.server;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts what is open under a key (requests of a person, live streams of a tenant, …) and refuses one more past a
 * limit. A taken slot is given back with {@link #release}; a key with nothing open is forgotten, so the map holds only
 * keys with work in flight.
 */
final class InFlight {
    private final Map<String, Integer> open = new HashMap<>();

    /** Counts one more under {@code key} unless {@code limit} are open; false (nothing counted) when full. */
    synchronized boolean take(String key, int limit) {
        int now = open.getOrDefault(key, 0);
        if (now >= limit) {
            return false;
        }
        open.put(key, now + 1);
        return true;
    }

    synchronized void release(String key) {
        open.computeIfPresent(key, (k, now) -> now <= 1 ? null : now - 1);
    }

    synchronized int open(String key) {
        return open.getOrDefault(key, 0);
    }

    /** Keys with something open (what a leak would make grow). */
    synchronized int keys() {
        return open.size();
    }
}
