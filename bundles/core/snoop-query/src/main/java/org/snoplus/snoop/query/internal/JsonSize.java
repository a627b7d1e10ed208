package org.snoplus.snoop.query.internal;

import java.util.Collection;
import java.util.Map;

import org.snoplus.snoop.document.SampleDocument;

/**
 * The size of a value written as JSON, estimated without writing it: what an answer's budget is
 * counted in. Whole numbers count their digits, other numbers {@value #DOUBLE} characters, text
 * its length; it errs on the large side only for floating-point values printed short.
 */
final class JsonSize {

    /** Characters of a floating-point number (a double prints in up to 24). */
    static final int DOUBLE = 16;
    /** Deeper than this, a value counts as one number: no document nests so deep. */
    static final int MAX_DEPTH = 32;

    private JsonSize() {
    }

    /** The JSON size of a whole document, envelope included. */
    static long of(SampleDocument doc) {
        return 220 + doc.name().length() + doc.id().length() + of(doc.data());
    }

    static long of(Object v) {
        return of(v, 0);
    }

    private static long of(Object v, int depth) {
        if (v == null) {
            return 4;
        }
        if (depth > MAX_DEPTH) {
            return DOUBLE;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return digits(((Number) v).longValue());
        }
        if (v instanceof Number) {
            return DOUBLE;
        }
        if (v instanceof Boolean) {
            return 5;
        }
        if (v instanceof CharSequence s) {
            return s.length() + 2L;
        }
        if (v instanceof long[] a) {
            long n = 2 + a.length;
            for (long x : a) {
                n += digits(x);
            }
            return n;
        }
        if (v instanceof int[] a) {
            long n = 2 + a.length;
            for (int x : a) {
                n += digits(x);
            }
            return n;
        }
        if (v instanceof double[] a) {
            return 2 + a.length * (DOUBLE + 1L);
        }
        if (v instanceof float[] a) {
            return 2 + a.length * (DOUBLE + 1L);
        }
        if (v instanceof short[] a) {
            return 2 + a.length * 7L;
        }
        if (v instanceof byte[] a) {
            return 2 + a.length * 5L;
        }
        if (v instanceof Map<?, ?> m) {
            long n = 2;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                n += String.valueOf(e.getKey()).length() + 4 + of(e.getValue(), depth + 1);
            }
            return n;
        }
        if (v instanceof Collection<?> c) {
            long n = 2;
            for (Object o : c) {
                n += 1 + of(o, depth + 1);
            }
            return n;
        }
        if (v instanceof Object[] a) {
            long n = 2;
            for (Object o : a) {
                n += 1 + of(o, depth + 1);
            }
            return n;
        }
        return String.valueOf(v).length() + 2L;
    }

    /** Characters of a whole number. */
    static int digits(long x) {
        if (x < 0) {
            return x == Long.MIN_VALUE ? 20 : 1 + digits(-x);
        }
        int d = 1;
        for (long p = 10; d < 19 && x >= p; p *= 10) {
            d++;
        }
        return d;
    }
}
