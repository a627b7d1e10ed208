package org.snoplus.snoop.store.embedded.internal;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;

import org.snoplus.snoop.document.SampleDocument;

/**
 * A document as the store keeps it since format 2: a few bytes of header and its data in a binary
 * form that is read without parsing and skipped without reading.
 *
 * <pre>
 * format (2)                       byte
 * stamp                            varint: version and instance ({@link Shape}, without scalars)
 * time - window start, time - window end, seq, run, events     zig-zag varints
 * id                               string, absent (0) when it is name@instance:time
 * data                             a MAP value
 *
 * value  := NULL | FALSE | TRUE                       the tag alone
 *         | LONG zigzag                               whole numbers
 *         | DOUBLE 8 bytes                            other numbers
 *         | STRING length utf-8
 *         | BIG length decimal                        whole numbers beyond a long
 *         | MAP count bytes (key value)*              bytes: the length of what follows,
 *         | LIST count bytes value*                     so that a reader skips it whole
 *         | LONGS count bytes zigzag*                 an array of whole numbers (counts per channel...)
 *         | STEPS count 8-byte 8-byte                  an array of doubles first + i·step, exactly (bin edges)
 *         | WHOLE_DOUBLES count bytes zigzag*         an array of doubles that are all whole
 *         | DOUBLES count 8-byte*                     any other array of numbers
 * key    := varint id > 0 (of the store's {@link KeyDictionary}) | 0 string
 * </pre>
 *
 * <p>Why: a detector map of 9728 small counts is some 10 kB here against 30 kB of JSON, and is
 * read back as a {@code long[]} in microseconds where parsing its JSON took a millisecond — what
 * an aggregation over an hour of them costs. Keys are numbers into a dictionary the store keeps, so
 * a document of many small values is not mostly its keys.
 *
 * <p>Values read back as their JSON form would: whole numbers as {@code Long} (or
 * {@code BigInteger} beyond a long), others as {@code Double}, text, booleans, null, maps; arrays
 * of numbers as {@code long[]} or {@code double[]}, other arrays and lists as lists. Floats are
 * stored as the double their JSON text gives, NaN and the infinities as the text JSON writers
 * give them, and any other object as its JSON form (see {@link #encode}).
 */
final class BinaryCodec {

    static final byte FORMAT = 2;

    static final byte NULL = 0;
    static final byte FALSE = 1;
    static final byte TRUE = 2;
    static final byte LONG = 3;
    static final byte DOUBLE = 4;
    static final byte STRING = 5;
    static final byte BIG = 6;
    static final byte MAP = 7;
    static final byte LIST = 8;
    static final byte LONGS = 9;
    static final byte WHOLE_DOUBLES = 10;
    static final byte DOUBLES = 11;
    static final byte STEPS = 12;

    /** Deeper than this, a value is an error: no document nests so deep, and recursion must end. */
    static final int MAX_DEPTH = 64;

    /** The largest double whose every whole value a long holds exactly. */
    private static final double WHOLE_LIMIT = 1L << 53;

    private final DocumentCodec.Shapes shapes;
    private final KeyDictionary keys;

    BinaryCodec(DocumentCodec.Shapes shapes, KeyDictionary keys) {
        this.shapes = shapes;
        this.keys = keys;
    }

    /**
     * The stored form of {@code doc}.
     *
     * @throws IllegalArgumentException if its data cannot be written as JSON
     */
    byte[] encode(SampleDocument doc) {
        Shape shape = shapes.shapeFor(new Shape.Key(doc.version(), doc.instance(), java.util.List.of()));
        Bytes out = new Bytes();
        out.put(FORMAT);
        out.varint(shape.id);
        long time = doc.time();
        out.zigzag(time - doc.windowStart());
        out.zigzag(time - doc.windowEnd());
        out.zigzag(doc.sequence());
        out.zigzag(doc.run());
        out.zigzag(doc.events());
        out.string(doc.id().equals(SampleDocument.idOf(doc.name(), doc.instance(), time)) ? null : doc.id());
        try {
            value(out, doc.data(), 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("document " + doc.id() + " cannot be stored: " + e.getMessage(), e);
        }
        return out.toArray();
    }

    /** Reads back what {@link #encode} made of the document of {@code name} at {@code time}. */
    SampleDocument decode(String name, long time, byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        byte format = in.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown format " + format);
        }
        Shape shape = shapes.shape(Bytes.readVarint32(in));
        long windowStart = time - Bytes.readZigzag(in);
        long windowEnd = time - Bytes.readZigzag(in);
        long seq = Bytes.readZigzag(in);
        long run = Bytes.readZigzag(in);
        long events = Bytes.readZigzag(in);
        String id = Bytes.readString(in);
        if (id == null) {
            id = SampleDocument.idOf(name, shape.instance, time);
        }
        int tag = in.get();
        if (tag != MAP) {
            throw new IllegalArgumentException("the data is not an object (tag " + tag + ")");
        }
        return new SampleDocument(id, name, time, windowStart, windowEnd, seq, shape.version, shape.instance, run,
                events, BinaryData.of(value, in.position(), keys));
    }

    // ------------------------------------------------------------------------------ writing

    private void value(Bytes out, Object v, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("its data nests deeper than " + MAX_DEPTH + " levels");
        }
        if (v == null) {
            out.put(NULL);
        } else if (v instanceof Boolean b) {
            out.put(b ? TRUE : FALSE);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            out.put(LONG);
            out.zigzag(((Number) v).longValue());
        } else if (v instanceof Double d) {
            doubleValue(out, d);
        } else if (v instanceof Float f) {
            // the double that the float's JSON text reads back as
            doubleValue(out, Float.isFinite(f) ? Double.parseDouble(Float.toString(f)) : f.doubleValue());
        } else if (v instanceof BigInteger b) {
            if (b.bitLength() < 64) {
                out.put(LONG);
                out.zigzag(b.longValue());
            } else {
                out.put(BIG);
                out.string(b.toString());
            }
        } else if (v instanceof BigDecimal b) {
            doubleValue(out, b.doubleValue());
        } else if (v instanceof CharSequence || v instanceof Character) {
            out.put(STRING);
            out.string(v.toString());
        } else if (v instanceof Map<?, ?> m) {
            Bytes content = new Bytes();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                key(content, String.valueOf(e.getKey()));
                value(content, e.getValue(), depth + 1);
            }
            container(out, MAP, m.size(), content);
        } else if (v instanceof long[] || v instanceof int[] || v instanceof short[] || v instanceof byte[]) {
            int n = Array.getLength(v);
            Bytes content = new Bytes();
            content.ensure(n);
            for (int i = 0; i < n; i++) {
                content.zigzag(((Number) Array.get(v, i)).longValue());
            }
            container(out, LONGS, n, content);
        } else if (v instanceof double[] || v instanceof float[]) {
            numbers(out, v, depth);
        } else if (v instanceof char[] c) {
            out.put(STRING);
            out.string(new String(c));
        } else if (v instanceof Collection<?> c) {
            if (allLongs(c)) {
                Bytes content = new Bytes();
                for (Object o : c) {
                    content.zigzag(((Number) o).longValue());
                }
                container(out, LONGS, c.size(), content);
            } else if (allDoubles(c)) {
                double[] d = new double[c.size()];
                int i = 0;
                for (Object o : c) {
                    d[i++] = (Double) o;
                }
                numbers(out, d, depth);
            } else {
                Bytes content = new Bytes();
                for (Object o : c) {
                    value(content, o, depth + 1);
                }
                container(out, LIST, c.size(), content);
            }
        } else if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            Bytes content = new Bytes();
            for (int i = 0; i < n; i++) {
                value(content, Array.get(v, i), depth + 1);
            }
            container(out, LIST, n, content);
        } else {
            // anything else (an enum, a record, a date...) as its JSON form reads back
            value(out, DocumentCodec.asJson(v), depth + 1);
        }
    }

    /** A finite double; NaN and the infinities as the text a JSON writer gives them. */
    private static void doubleValue(Bytes out, double d) {
        if (Double.isFinite(d)) {
            out.put(DOUBLE);
            out.doubleBits(d);
        } else {
            out.put(STRING);
            out.string(Double.toString(d));
        }
    }

    /** An array of doubles (or floats): whole ones as varints, others as 8 bytes each. */
    private void numbers(Bytes out, Object array, int depth) {
        int n = Array.getLength(array);
        double[] d = new double[n];
        boolean whole = true;
        for (int i = 0; i < n; i++) {
            double x = array instanceof float[] f ? Double.parseDouble(Float.toString(f[i])) : ((double[]) array)[i];
            if (!Double.isFinite(x)) {
                // JSON has no such number: the array is written as a list, the odd ones as text
                Bytes content = new Bytes();
                for (int k = 0; k < n; k++) {
                    value(content, Array.get(array, k), depth + 1);
                }
                container(out, LIST, n, content);
                return;
            }
            d[i] = x;
            whole &= Math.abs(x) < WHOLE_LIMIT && x == Math.rint(x)
                    && Double.doubleToRawLongBits(x) != Double.doubleToRawLongBits(-0.0);
        }
        if (n >= 3 && evenlySpaced(d)) {
            out.put(STEPS);
            out.varint(n);
            out.doubleBits(d[0]);
            out.doubleBits(d[1] - d[0]);
            return;
        }
        if (whole) {
            Bytes content = new Bytes();
            for (double x : d) {
                content.zigzag((long) x);
            }
            container(out, WHOLE_DOUBLES, n, content);
        } else {
            out.put(DOUBLES);
            out.varint(n);
            out.ensure(8 * n);
            for (double x : d) {
                out.doubleBits(x);
            }
        }
    }

    /**
     * Whether every {@code d[i]} is exactly {@code d[0] + i·(d[1] − d[0])}, as read back: the edges
     * of a histogram of equal bins, whose hundreds of values are then three numbers.
     */
    static boolean evenlySpaced(double[] d) {
        double step = d[1] - d[0];
        if (!(step > 0) || !Double.isFinite(step)) {
            return false;
        }
        for (int i = 0; i < d.length; i++) {
            if (Double.doubleToRawLongBits(d[0] + i * step) != Double.doubleToRawLongBits(d[i])) {
                return false;
            }
        }
        return true;
    }

    private static void container(Bytes out, byte tag, int count, Bytes content) {
        out.put(tag);
        out.varint(count);
        out.varint(content.size());
        out.put(content.array(), 0, content.size());
    }

    private void key(Bytes out, String key) {
        int id = keys.idFor(key);
        out.varint(id);
        if (id == 0) {
            out.string(key);
        }
    }

    private static boolean allLongs(Collection<?> c) {
        if (c.isEmpty()) {
            return false;
        }
        for (Object o : c) {
            if (!(o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allDoubles(Collection<?> c) {
        if (c.isEmpty()) {
            return false;
        }
        for (Object o : c) {
            if (!(o instanceof Double d) || !Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }
}
