package org.snoplus.snoop.core.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a restart resumes from: at one cut of the ring (the events below sequence {@code cut}),
 * every processor's state with its counters, and every reader's position after its last event
 * below the cut; with the journal's marks (what each writer has confirmed) at the time it was
 * written. Plain JSON data once {@linkplain #toMap() mapped}.
 *
 * @param time the sample tick it was taken at (ms since the epoch)
 * @param cut the ring sequence of the cut (the ring starts at 0 at every start: informative)
 * @param instance the instance that wrote it
 * @param readers each reader's position (a reader's own JSON data), by reader name
 * @param processors each processor name's state and counters
 * @param writers the last journal sequence each writer confirmed, by writer name
 */
record Checkpoint(long time, long cut, String instance, Map<String, Object> readers,
        Map<String, Entry> processors, Map<String, Long> writers) {

    static final int FORMAT = 1;

    /**
     * One processor name at the cut.
     *
     * @param version the version of the instance the state is from
     * @param live whether an instance of the name was deployed (false: removed, its state kept)
     * @param state what its {@code handoff()} returned after the sample at the cut (null: none)
     */
    record Entry(String version, boolean live, long events, long aborts, long errors, long lost, long samples,
            long sequence, long windowStart, long run, Object state) {

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", version);
            m.put("live", live);
            m.put("events", events);
            m.put("aborts", aborts);
            m.put("errors", errors);
            m.put("lost", lost);
            m.put("samples", samples);
            m.put("sequence", sequence);
            m.put("window", windowStart);
            m.put("run", run);
            m.put("state", state);
            return m;
        }

        static Entry fromMap(Map<?, ?> m) {
            return new Entry(String.valueOf(m.get("version")), !Boolean.FALSE.equals(m.get("live")), number(m, "events"),
                    number(m, "aborts"),
                    number(m, "errors"), number(m, "lost"), number(m, "samples"), number(m, "sequence"),
                    number(m, "window"), number(m, "run"), m.get("state"));
        }
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("time", time);
        m.put("cut", cut);
        m.put("instance", instance);
        m.put("readers", readers);
        Map<String, Object> ps = new LinkedHashMap<>();
        processors.forEach((k, v) -> ps.put(k, v.toMap()));
        m.put("processors", ps);
        m.put("writers", writers);
        return m;
    }

    @SuppressWarnings("unchecked")
    static Checkpoint fromMap(Map<?, ?> m) {
        Object format = m.get("format");
        if (!(format instanceof Number f) || f.intValue() != FORMAT) {
            throw new IllegalArgumentException("unknown checkpoint format " + format);
        }
        Map<String, Entry> ps = new LinkedHashMap<>();
        ((Map<String, Object>) map(m, "processors")).forEach((k, v) -> ps.put(k, Entry.fromMap((Map<?, ?>) v)));
        Map<String, Long> ws = new LinkedHashMap<>();
        ((Map<String, Object>) map(m, "writers")).forEach((k, v) -> ws.put(k, ((Number) v).longValue()));
        return new Checkpoint(number(m, "time"), number(m, "cut"), String.valueOf(m.get("instance")),
                new LinkedHashMap<>((Map<String, Object>) map(m, "readers")), ps, ws);
    }

    private static Map<?, ?> map(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v instanceof Map<?, ?> x) {
            return x;
        }
        throw new IllegalArgumentException("checkpoint field '" + key + "' must be an object");
    }

    private static long number(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("checkpoint field '" + key + "' must be a number, not " + v);
    }
}
