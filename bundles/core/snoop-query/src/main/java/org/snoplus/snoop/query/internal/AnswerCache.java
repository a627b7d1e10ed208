package org.snoplus.snoop.query.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last answers, keyed by their question, each with the {@code DocumentStore.version} of every
 * processor it read at the time it was computed. An answer is given again only while all those
 * versions are unchanged; the least recently used is dropped when there are more than
 * {@code capacity}.
 *
 * <p>Versions are read before the answer is computed: a document written meanwhile may or may not
 * be in the answer, but it changed a version, so the next question computes the answer again.
 */
final class AnswerCache {

    private final int capacity;
    private final LinkedHashMap<Object, Entry> entries;

    private record Entry(long[] versions, Object answer) {
    }

    AnswerCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Entry> eldest) {
                return size() > AnswerCache.this.capacity;
            }
        };
    }

    boolean enabled() {
        return capacity > 0;
    }

    /** The answer to {@code question} computed at {@code versions}, or null. */
    synchronized Object get(Object question, long[] versions) {
        if (capacity == 0) {
            return null;
        }
        Entry e = entries.get(question);
        return e != null && Arrays.equals(e.versions, versions) ? e.answer : null;
    }

    synchronized void put(Object question, long[] versions, Object answer) {
        if (capacity > 0) {
            entries.put(question, new Entry(versions, answer));
        }
    }

    synchronized void clear() {
        entries.clear();
    }

    synchronized int size() {
        return entries.size();
    }
}
