package org.snoplus.snoop.processor.support;

import java.util.List;

/**
 * Reading a predecessor's state in {@code takeover}. The state arrives as JSON-compatible data
 * (maps, lists, {@code Long}, {@code Double}...), from a version that may have written it otherwise
 * or not at all: every reader here takes what it understands and falls back on a safe value.
 */
public final class StateValues {

    private StateValues() {
    }

    /** A count: a whole number of at least 0; 0 if {@code v} is missing, not a number or negative. */
    public static long count(Object v) {
        return v instanceof Number n ? Math.max(0, n.longValue()) : 0;
    }

    /** A number as a long, or {@code otherwise} if {@code v} is not a number. */
    public static long number(Object v, long otherwise) {
        return v instanceof Number n ? n.longValue() : otherwise;
    }

    /**
     * An int of at least {@code min}, or {@code otherwise} if {@code v} is not a number in
     * {@code [min, Integer.MAX_VALUE]}.
     */
    public static int integer(Object v, int min, int otherwise) {
        return v instanceof Number n && n.longValue() >= min && n.longValue() <= Integer.MAX_VALUE ? n.intValue()
                : otherwise;
    }

    /**
     * Copies counts (a list of numbers, or a {@code long[]}) into {@code into}, if they are exactly
     * as many and none is negative; otherwise leaves {@code into} all 0 and returns false.
     */
    public static boolean counts(Object v, long[] into) {
        boolean ok = true;
        if (v instanceof long[] a && a.length == into.length) {
            System.arraycopy(a, 0, into, 0, a.length);
        } else if (v instanceof List<?> l && l.size() == into.length) {
            for (int i = 0; i < into.length && ok; i++) {
                ok = l.get(i) instanceof Number n;
                into[i] = ok ? ((Number) l.get(i)).longValue() : 0;
            }
        } else {
            ok = false;
        }
        for (int i = 0; i < into.length && ok; i++) {
            ok = into[i] >= 0;
        }
        if (!ok) {
            java.util.Arrays.fill(into, 0);
        }
        return ok;
    }
}
