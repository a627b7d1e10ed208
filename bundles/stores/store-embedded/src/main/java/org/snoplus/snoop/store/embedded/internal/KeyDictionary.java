package org.snoplus.snoop.store.embedded.internal;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

import org.h2.mvstore.MVMap;

/**
 * The keys of documents' data, by number, kept in the store ({@code keys}: number → key), so that a
 * stored document names a key in a byte or two. A key gets its number when a document first uses
 * it, before that document is put: a reader that sees the document finds the key. Beyond
 * {@value #MAX_KEYS} keys (data whose keys are made of values, say), new keys are written out in
 * the documents instead.
 *
 * <p>One thread adds ({@link #idFor}, the writer's); any number read ({@link #key}).
 */
final class KeyDictionary {

    static final int MAX_KEYS = 65_535;

    private final MVMap<Integer, String> stored;
    /** Key by number (index 0 unused); replaced whole when it grows, so readers need no lock. */
    private volatile String[] byId;
    private final Map<String, Integer> idByKey = new ConcurrentHashMap<>();
    private int size;

    KeyDictionary(MVMap<Integer, String> stored) {
        this.stored = stored;
        int max = 0;
        for (Integer id : stored.keySet()) {
            max = Math.max(max, id);
        }
        String[] keys = new String[Math.max(64, max + 1)];
        for (Map.Entry<Integer, String> e : stored.entrySet()) {
            keys[e.getKey()] = e.getValue();
            idByKey.put(e.getValue(), e.getKey());
        }
        size = max;
        byId = keys;
    }

    /** The number of {@code key}, given it one if need be; 0 if the dictionary is full. Writer only. */
    int idFor(String key) {
        Integer id = idByKey.get(key);
        if (id != null) {
            return id;
        }
        if (size >= MAX_KEYS) {
            return 0;
        }
        int next = size + 1;
        String[] keys = byId;
        if (next >= keys.length) {
            keys = Arrays.copyOf(keys, Math.min(MAX_KEYS + 1, keys.length * 2));
        }
        keys[next] = key;
        byId = keys; // published before any document that uses it
        stored.put(next, key);
        idByKey.put(key, next);
        size = next;
        return next;
    }

    /** The key of number {@code id}. */
    String key(int id) {
        String[] keys = byId;
        if (id <= 0 || id >= keys.length || keys[id] == null) {
            throw new IllegalArgumentException("no key " + id + " in the store's dictionary");
        }
        return keys[id];
    }

    /** The number of {@code key}, or -1 if it has none (then no stored document names it by number). */
    int find(String key) {
        Integer id = idByKey.get(key);
        return id == null ? -1 : id;
    }
}
