package org.snoplus.snoop.store.embedded.internal;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An object of a stored document ({@link BinaryCodec}), read as it is used: {@link #get} walks the
 * object's keys, skipping the values it passes over without reading them, and reads the one asked
 * for — a nested object as another view, an array of numbers as a {@code long[]} or
 * {@code double[]}; anything else (the entry set, the size) reads the object's entries once.
 * Unmodifiable; safe to share between threads.
 */
final class BinaryData extends AbstractMap<String, Object> {

    private final byte[] bytes;
    /** Where the object's entries start, and how many there are. */
    private final int start;
    private final int count;
    private final KeyDictionary keys;
    private volatile Map<String, Object> entries;

    private BinaryData(byte[] bytes, int start, int count, KeyDictionary keys) {
        this.bytes = bytes;
        this.start = start;
        this.count = count;
        this.keys = keys;
    }

    /** The object whose MAP value's count starts at {@code position} (just after its tag). */
    static BinaryData of(byte[] bytes, int position, KeyDictionary keys) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(position);
        int count = Bytes.readVarint32(in);
        Bytes.readVarint32(in); // its length: not needed to read it
        return new BinaryData(bytes, in.position(), count, keys);
    }

    @Override
    public Object get(Object key) {
        if (!(key instanceof String wanted)) {
            return null;
        }
        Map<String, Object> all = entries;
        if (all != null) {
            return all.get(wanted);
        }
        int id = keys.find(wanted);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(start);
        for (int i = 0; i < count; i++) {
            int k = Bytes.readVarint32(in);
            boolean match = k == 0 ? wanted.equals(Bytes.readString(in)) : k == id;
            if (match) {
                return read(in, keys);
            }
            skip(in);
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        return entries().containsKey(key);
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return entries().entrySet();
    }

    @Override
    public int size() {
        return count;
    }

    private Map<String, Object> entries() {
        Map<String, Object> all = entries;
        if (all == null) {
            Map<String, Object> m = new LinkedHashMap<>(Math.max(4, count * 2));
            ByteBuffer in = ByteBuffer.wrap(bytes);
            in.position(start);
            for (int i = 0; i < count; i++) {
                int k = Bytes.readVarint32(in);
                String key = k == 0 ? Bytes.readString(in) : keys.key(k);
                m.put(key, read(in, keys));
            }
            all = Collections.unmodifiableMap(m);
            entries = all;
        }
        return all;
    }

    /** Reads the value at {@code in}'s position, leaving it after the value. */
    static Object read(ByteBuffer in, KeyDictionary keys) {
        byte tag = in.get();
        switch (tag) {
            case BinaryCodec.NULL:
                return null;
            case BinaryCodec.FALSE:
                return Boolean.FALSE;
            case BinaryCodec.TRUE:
                return Boolean.TRUE;
            case BinaryCodec.LONG:
                return Bytes.readZigzag(in);
            case BinaryCodec.DOUBLE:
                return Bytes.readDouble(in);
            case BinaryCodec.STRING:
                return Bytes.readString(in);
            case BinaryCodec.BIG:
                return new BigInteger(Bytes.readString(in));
            case BinaryCodec.MAP: {
                BinaryData object = of(in.array(), in.position(), keys);
                skipContainer(in);
                return object;
            }
            case BinaryCodec.LIST: {
                int n = Bytes.readVarint32(in);
                Bytes.readVarint32(in);
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read(in, keys));
                }
                return Collections.unmodifiableList(list);
            }
            case BinaryCodec.LONGS: {
                int n = Bytes.readVarint32(in);
                Bytes.readVarint32(in);
                long[] a = new long[n];
                readZigzags(in, a);
                return a;
            }
            case BinaryCodec.WHOLE_DOUBLES: {
                int n = Bytes.readVarint32(in);
                Bytes.readVarint32(in);
                long[] a = new long[n];
                readZigzags(in, a);
                double[] d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = a[i];
                }
                return d;
            }
            case BinaryCodec.DOUBLES: {
                int n = Bytes.readVarint32(in);
                double[] d = new double[n];
                in.asDoubleBuffer().get(d);
                in.position(in.position() + 8 * n);
                return d;
            }
            case BinaryCodec.STEPS: {
                int n = Bytes.readVarint32(in);
                double first = Bytes.readDouble(in);
                double step = Bytes.readDouble(in);
                double[] d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = first + i * step;
                }
                return d;
            }
            default:
                throw new IllegalArgumentException("unknown kind of value " + tag + " at byte " + (in.position() - 1));
        }
    }

    /** Zig-zag varints into {@code into}: the hot loop of a detector map, on the array itself. */
    private static void readZigzags(ByteBuffer in, long[] into) {
        byte[] b = in.array();
        int p = in.arrayOffset() + in.position();
        for (int i = 0; i < into.length; i++) {
            long v = 0;
            int shift = 0;
            byte x;
            do {
                x = b[p++];
                v |= (long) (x & 0x7F) << shift;
                shift += 7;
            } while (x < 0 && shift < 64);
            into[i] = (v >>> 1) ^ -(v & 1);
        }
        in.position(p - in.arrayOffset());
    }

    /** Moves past the value at {@code in}'s position without reading it. */
    static void skip(ByteBuffer in) {
        byte tag = in.get();
        switch (tag) {
            case BinaryCodec.NULL:
            case BinaryCodec.FALSE:
            case BinaryCodec.TRUE:
                break;
            case BinaryCodec.LONG:
                Bytes.readVarint(in);
                break;
            case BinaryCodec.DOUBLE:
                in.position(in.position() + 8);
                break;
            case BinaryCodec.STRING:
            case BinaryCodec.BIG:
                int length = Math.max(0, Bytes.readVarint32(in) - 1); // before position(): it moves it
                in.position(in.position() + length);
                break;
            case BinaryCodec.MAP:
            case BinaryCodec.LIST:
            case BinaryCodec.LONGS:
            case BinaryCodec.WHOLE_DOUBLES:
                skipContainer(in);
                break;
            case BinaryCodec.DOUBLES:
                int n = Bytes.readVarint32(in);
                in.position(in.position() + 8 * n);
                break;
            case BinaryCodec.STEPS:
                Bytes.readVarint32(in);
                in.position(in.position() + 16);
                break;
            default:
                throw new IllegalArgumentException("unknown kind of value " + tag + " at byte " + (in.position() - 1));
        }
    }

    /** Past a container whose count comes next: count, length, then that many bytes. */
    private static void skipContainer(ByteBuffer in) {
        Bytes.readVarint32(in);
        int length = Bytes.readVarint32(in); // before position(): it moves it
        in.position(in.position() + length);
    }

    @Override
    public String toString() {
        return entries().toString();
    }
}
