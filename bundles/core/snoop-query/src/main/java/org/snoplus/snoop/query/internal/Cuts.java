package org.snoplus.snoop.query.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.Cut;

/** The cuts on one processor's documents, tested on a document of it. */
final class Cuts {

    private final Cut[] cuts;
    private final FieldPath[] paths;

    Cuts(List<Cut> cuts) {
        this.cuts = cuts.toArray(new Cut[0]);
        this.paths = new FieldPath[this.cuts.length];
        for (int i = 0; i < paths.length; i++) {
            paths[i] = FieldPath.of(this.cuts[i].field());
        }
    }

    /** Whether {@code doc} passes every cut. */
    boolean pass(SampleDocument doc) {
        for (int i = 0; i < cuts.length; i++) {
            if (!holds(cuts[i], Merged.plain(paths[i].valueOf(doc)))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code value} (null: the document has no such field) satisfies {@code cut}. */
    static boolean holds(Cut cut, Object value) {
        if (value == null) {
            return false;
        }
        if (cut.equals() != null && !same(value, cut.equals())) {
            return false;
        }
        if (cut.min() != null || cut.max() != null) {
            if (!(value instanceof Number n)) {
                return false;
            }
            double d = n.doubleValue();
            if (Double.isNaN(d) || cut.min() != null && d < cut.min() || cut.max() != null && d > cut.max()) {
                return false;
            }
        }
        return true;
    }

    /** Numbers compare as numbers ({@code 3} equals {@code 3.0}), anything else as text. */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            if (integral(x) && integral(y)) {
                return x.longValue() == y.longValue();
            }
            if (x instanceof BigInteger || x instanceof BigDecimal || y instanceof BigInteger || y instanceof BigDecimal) {
                try {
                    return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
                } catch (NumberFormatException e) {
                    return false; // NaN or an infinity
                }
            }
            return x.doubleValue() == y.doubleValue();
        }
        return String.valueOf(a).equals(String.valueOf(b));
    }

    private static boolean integral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }
}
