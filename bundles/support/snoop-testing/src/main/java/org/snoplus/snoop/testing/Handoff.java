package org.snoplus.snoop.testing;

import org.snoplus.snoop.json.JsonValues;

/**
 * What the framework does to handed-over state before the successor sees it, for processor tests
 * that hand state over without a framework: the core's own copy,
 * {@link JsonValues#copyForHandoff}, so a test passes only if the core would accept the state.
 */
public final class Handoff {

    private Handoff() {
    }

    /**
     * The copy the successor would receive.
     *
     * @throws IllegalArgumentException naming the path of a value that is not JSON-compatible
     */
    public static Object copy(Object v) {
        return JsonValues.copyForHandoff(v);
    }
}
