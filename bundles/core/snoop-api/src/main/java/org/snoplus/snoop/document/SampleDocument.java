package org.snoplus.snoop.document;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One sample of one processor, stamped by the framework. Its JSON form (see {@link #toMap()}):
 *
 * <pre>
 * {"_id": "count@daq1:1764362400000", "name": "count", "time": 1764362400000,
 *  "window": {"start": 1764362395000, "end": 1764362400000}, "seq": 42,
 *  "version": "1.0.0", "instance": "daq1", "run": 300000, "events": 5000,
 *  "sources": ["daq"], "data": { ...what the processor returned... }}
 * </pre>
 *
 * <ul>
 * <li>{@code time} is when the sample was taken, in ms since the epoch. Samples of all processors
 * taken on the same period tick share the same time, so documents of different processors can be
 * matched on it.</li>
 * <li>{@code window} is the interval whose events the sample covers; {@code events} how many
 * events the processor received in it.</li>
 * <li>{@code seq} counts the processor's samples, across upgrades.</li>
 * <li>{@code run} is the run number of the data, {@code -1} when unknown.</li>
 * <li>{@code sources} names the readers that fed the event loop during the window (the
 * provenance: {@code snoop.reader.dispatcher-daq.cfg} is reader {@code daq}); empty when none did
 * (a poller's document with no reader running). It is the loop's, not the processor's: a processor
 * of SNO+ events is also named the readers of other records that ran beside them.</li>
 * <li>{@code _id} is {@code name@instance:time}: writing the same sample twice overwrites, never
 * duplicates.</li>
 * </ul>
 *
 * @param id deterministic id, see {@link #idOf}
 * @param name the processor's name
 * @param time sample time, ms since the epoch
 * @param windowStart start of the window, ms since the epoch
 * @param windowEnd end of the window, ms since the epoch (equals {@code time})
 * @param sequence the processor's sample counter
 * @param version the version of the processor's bundle
 * @param instance the snoop instance (host) that took the sample
 * @param run run number, -1 when unknown
 * @param events events received in the window
 * @param sources the readers that fed the loop during the window (since 2.1)
 * @param data the processor's values, JSON-compatible and unmodifiable
 */
public record SampleDocument(String id, String name, long time, long windowStart, long windowEnd,
        long sequence, String version, String instance, long run, long events, List<String> sources,
        Map<String, Object> data) {

    public SampleDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        sources = sources == null ? List.of() : List.copyOf(sources);
        data = data == null ? Map.of() : Collections.unmodifiableMap(data);
    }

    /** A document without sources (as before 2.1). */
    public SampleDocument(String id, String name, long time, long windowStart, long windowEnd, long sequence,
            String version, String instance, long run, long events, Map<String, Object> data) {
        this(id, name, time, windowStart, windowEnd, sequence, version, instance, run, events, List.of(), data);
    }

    /** The deterministic id of the sample of {@code name} taken by {@code instance} at {@code time}. */
    public static String idOf(String name, String instance, long time) {
        return name + "@" + instance + ":" + time;
    }

    /** The document as JSON-compatible maps, in the field order shown above. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_id", id);
        m.put("name", name);
        m.put("time", time);
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("start", windowStart);
        window.put("end", windowEnd);
        m.put("window", window);
        m.put("seq", sequence);
        m.put("version", version);
        m.put("instance", instance);
        m.put("run", run);
        m.put("events", events);
        if (!sources.isEmpty()) {
            m.put("sources", sources);
        }
        m.put("data", data);
        return m;
    }

    /**
     * Reads a document back from its JSON form (as parsed into maps).
     *
     * @throws IllegalArgumentException naming the field that is missing or of the wrong type
     */
    @SuppressWarnings("unchecked")
    public static SampleDocument fromMap(Map<String, ?> m) {
        Object window = m.get("window");
        if (!(window instanceof Map)) {
            throw new IllegalArgumentException("document field 'window' must be an object");
        }
        Map<String, ?> w = (Map<String, ?>) window;
        Object data = m.get("data");
        if (data != null && !(data instanceof Map)) {
            throw new IllegalArgumentException("document field 'data' must be an object");
        }
        Object sources = m.get("sources");
        if (sources != null && !(sources instanceof List<?> l && l.stream().allMatch(String.class::isInstance))) {
            throw new IllegalArgumentException("document field 'sources' must be a list of strings");
        }
        return new SampleDocument(string(m, "_id"), string(m, "name"), number(m, "time"),
                number(w, "start"), number(w, "end"), number(m, "seq"), string(m, "version"),
                string(m, "instance"), number(m, "run"), number(m, "events"), (List<String>) sources,
                (Map<String, Object>) data);
    }

    private static String string(Map<String, ?> m, String key) {
        Object v = m.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new IllegalArgumentException("document field '" + key + "' must be a string, not " + v);
    }

    private static long number(Map<String, ?> m, String key) {
        Object v = m.get(key);
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("document field '" + key + "' must be a number, not " + v);
    }
}
