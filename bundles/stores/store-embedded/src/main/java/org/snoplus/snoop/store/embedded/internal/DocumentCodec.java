package org.snoplus.snoop.store.embedded.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.json.DocumentJson;

/**
 * A document as the store keeps it: a few bytes of header, the scalars of its data, and its data
 * as JSON ({@link DocumentJson}'s form, the one every writer uses).
 *
 * <pre>
 * format (1)                       byte
 * shape                            varint: version, instance, scalar paths ({@link Shape})
 * time - window start, time - window end, seq, run, events     zig-zag varints
 * id                               string, absent (0) when it is name@instance:time
 * scalars                          varint length, then per path of the shape: kind, value
 * data                             the rest: JSON of the data object
 * </pre>
 *
 * <p>Why the scalars: a query of {@code data.rate} over a day reads 86 400 documents, and
 * parsing their JSON is most of the time it takes. Read back, a document's data is a
 * {@link StoredData}: a look-up of a scalar decodes just that value from the bytes; anything
 * else (a list, a long string, the entry set) parses the JSON once. The scalars are taken from
 * the JSON as it reads back, so both give the same values ({@code Long}, {@code Double},
 * {@code Boolean}, {@code String}, null).
 */
final class DocumentCodec {

    static final byte FORMAT = 1;

    /** Scalars kept of one document; the others are read from the JSON. */
    static final int MAX_SCALARS = 64;
    static final int MAX_DEPTH = 8;
    /** Longer strings are read from the JSON. */
    static final int MAX_STRING_CHARS = 32;

    static final byte NULL = 0;
    static final byte LONG = 1;
    static final byte DOUBLE = 2;
    static final byte FALSE = 3;
    static final byte TRUE = 4;
    static final byte STRING = 5;

    /** Shapes by number, and numbers for new ones (the store's). */
    interface Shapes {
        Shape shape(int id);

        /**
         * The shape with this key, created if need be; if there are too many shapes already, the
         * shape of the same version and instance without scalars.
         */
        Shape shapeFor(Shape.Key key);
    }

    /**
     * The JSON of a document whose data is empty, split around its data: every document's JSON
     * is {@code TEMPLATE_HEAD + data + TEMPLATE_TAIL} when its other fields are the template's.
     */
    private static final int TEMPLATE_HEAD;
    private static final int TEMPLATE_TAIL;

    /** A document around a data object, for reading it back with DocumentJson. */
    private static final String READ_HEAD = "{\"_id\":\"\",\"name\":\"\",\"time\":0,\"window\":{\"start\":0,\"end\":0},"
            + "\"seq\":0,\"run\":0,\"events\":0,\"data\":";

    static {
        String empty = DocumentJson.toJson(template(Map.of()));
        int at = empty.indexOf("\"data\":{}");
        if (at < 0) {
            throw new IllegalStateException("unexpected JSON form of a document: " + empty);
        }
        TEMPLATE_HEAD = at + "\"data\":".length();
        TEMPLATE_TAIL = empty.length() - TEMPLATE_HEAD - "{}".length();
    }

    private static SampleDocument template(Map<String, Object> data) {
        return new SampleDocument("", "", 0, 0, 0, 0, null, null, 0, 0, data);
    }

    private final Shapes shapes;

    DocumentCodec(Shapes shapes) {
        this.shapes = shapes;
    }

    /**
     * The stored form of {@code doc}.
     *
     * @throws IllegalArgumentException if its data cannot be written as JSON
     */
    byte[] encode(SampleDocument doc) {
        byte[] whole;
        try {
            whole = DocumentJson.toJsonBytes(template(doc.data()));
        } catch (IllegalArgumentException e) {
            DocumentJson.toJsonBytes(doc); // fails again, naming the document rather than the template
            throw e;
        }
        int jsonLength = whole.length - TEMPLATE_HEAD - TEMPLATE_TAIL;

        List<List<String>> paths = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        scalars(readData(whole, TEMPLATE_HEAD, jsonLength), new ArrayList<>(), paths, values);
        Shape shape = shapes.shapeFor(new Shape.Key(doc.version(), doc.instance(), paths));

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
        Bytes scalars = new Bytes();
        for (int i = 0; i < shape.leaves.size(); i++) {
            scalar(scalars, values.get(i));
        }
        out.varint(scalars.size());
        out.put(scalars.toArray(), 0, scalars.size());
        out.put(whole, TEMPLATE_HEAD, jsonLength);
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
        int scalarsLength = Bytes.readVarint32(in);
        int scalars = in.position();
        return new SampleDocument(id, name, time, windowStart, windowEnd, seq, shape.version, shape.instance, run,
                events, new StoredData(shape, value, scalars, scalars + scalarsLength));
    }

    /**
     * {@code value} as its JSON form reads back (maps, lists, Long, Double, String, Boolean, null):
     * what a writer of JSON would store of an object that is none of those.
     *
     * @throws IllegalArgumentException if it cannot be written as JSON
     */
    static Object asJson(Object value) {
        Map<String, Object> wrapped = new java.util.HashMap<>();
        wrapped.put("v", value);
        byte[] json;
        try {
            json = DocumentJson.toJsonBytes(template(wrapped));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a " + value.getClass().getName() + " cannot be written as JSON", e);
        }
        return readData(json, TEMPLATE_HEAD, json.length - TEMPLATE_HEAD - TEMPLATE_TAIL).get("v");
    }

    /** The data object whose JSON is {@code json[offset, offset + length)}. */
    static Map<String, Object> readData(byte[] json, int offset, int length) {
        String data = new String(json, offset, length, StandardCharsets.UTF_8);
        return DocumentJson.fromJson(READ_HEAD + data + "}").data();
    }

    /** The value of the {@code index}-th scalar in {@code value}, whose scalars start at {@code offset}. */
    static Object scalarAt(byte[] value, int offset, int index) {
        ByteBuffer in = ByteBuffer.wrap(value);
        in.position(offset);
        for (int i = 0; i < index; i++) {
            skipScalar(in);
        }
        byte kind = in.get();
        switch (kind) {
            case NULL:
                return null;
            case LONG:
                return Bytes.readZigzag(in);
            case DOUBLE:
                return Bytes.readDouble(in);
            case FALSE:
                return Boolean.FALSE;
            case TRUE:
                return Boolean.TRUE;
            case STRING:
                return Bytes.readString(in);
            default:
                throw new IllegalArgumentException("unknown kind of value " + kind + " at byte " + (in.position() - 1));
        }
    }

    private static void skipScalar(ByteBuffer in) {
        byte kind = in.get();
        switch (kind) {
            case LONG:
                Bytes.readVarint(in);
                break;
            case DOUBLE:
                in.position(in.position() + 8);
                break;
            case STRING:
                int length = Math.max(0, Bytes.readVarint32(in) - 1); // before position(): it moves it
                in.position(in.position() + length);
                break;
            default:
                break;
        }
    }

    private static void scalar(Bytes out, Object v) {
        if (v == null) {
            out.put(NULL);
        } else if (v instanceof Long l) {
            out.put(LONG);
            out.zigzag(l);
        } else if (v instanceof Double d) {
            out.put(DOUBLE);
            out.doubleBits(d);
        } else if (v instanceof Boolean b) {
            out.put(b ? TRUE : FALSE);
        } else {
            out.put(STRING);
            out.string((String) v);
        }
    }

    /**
     * Collects the scalars of a data object as read back from JSON, depth first in the object's
     * order: null, Long, Double, Boolean and short strings; not lists, big numbers, long strings.
     */
    private static void scalars(Map<String, Object> object, List<String> path, List<List<String>> paths,
            List<Object> values) {
        for (Map.Entry<String, Object> e : object.entrySet()) {
            if (paths.size() >= MAX_SCALARS) {
                return;
            }
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                if (path.size() + 1 < MAX_DEPTH) {
                    path.add(e.getKey());
                    @SuppressWarnings("unchecked")
                    Map<String, Object> child = (Map<String, Object>) m;
                    scalars(child, path, paths, values);
                    path.remove(path.size() - 1);
                }
            } else if (v == null || v instanceof Long || v instanceof Double || v instanceof Boolean
                    || v instanceof String s && s.length() <= MAX_STRING_CHARS) {
                List<String> p = new ArrayList<>(path);
                p.add(e.getKey());
                paths.add(List.copyOf(p));
                values.add(v);
            }
        }
    }
}
