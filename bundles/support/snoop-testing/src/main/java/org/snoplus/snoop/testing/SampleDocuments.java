package org.snoplus.snoop.testing;

import java.util.LinkedHashMap;
import java.util.Map;

import org.snoplus.snoop.document.SampleDocument;

/** Sample documents for tests, stamped as the framework stamps them (instance {@code daq1}, run 300000). */
public final class SampleDocuments {

    /** The instance that takes the documents made here. */
    public static final String INSTANCE = "daq1";

    private SampleDocuments() {
    }

    /**
     * The document of {@code name} sampled at {@code time} over the preceding second, its data
     * {@code keyValues} (names and values, alternating; values as JSON reads them back: Long,
     * Double, String, Boolean, List, Map).
     */
    public static SampleDocument doc(String name, long time, Object... keyValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            data.put((String) keyValues[i], keyValues[i + 1]);
        }
        return doc(name, time, data);
    }

    /** The document of {@code name} sampled at {@code time} with {@code data}. */
    public static SampleDocument doc(String name, long time, Map<String, Object> data) {
        return new SampleDocument(SampleDocument.idOf(name, INSTANCE, time), name, time, time - 1000, time,
                time / 1000, "1.0.0", INSTANCE, 300000, 1000, data);
    }
}
