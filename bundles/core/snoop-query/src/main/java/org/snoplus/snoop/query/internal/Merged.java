package org.snoplus.snoop.query.internal;

import java.util.Map;

import org.snoplus.snoop.document.Shapes;

/**
 * Numbers merged over several documents ({@link Shapes#MERGED}: what the store's consolidation
 * keeps of old windows) read as plain numbers where a series or a cut wants one.
 */
final class Merged {

    private Merged() {
    }

    /** The mean over time of a merged number; any other value as it is. */
    static Object plain(Object v) {
        if (v instanceof Map<?, ?> m && Shapes.MERGED.equals(m.get(Shapes.SHAPE))) {
            return m.get("mean");
        }
        return v;
    }
}
