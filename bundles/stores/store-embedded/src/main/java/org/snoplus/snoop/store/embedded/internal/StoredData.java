package org.snoplus.snoop.store.embedded.internal;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * The data of a stored document, read as it is used: {@link #get} of a scalar kept beside the
 * JSON ({@link DocumentCodec}) decodes that one value; an object on the way to scalars is a view
 * like this one; anything else parses the JSON, once. Unmodifiable; safe to share between threads.
 */
final class StoredData extends AbstractMap<String, Object> {

    private final Document doc;
    private final Shape.Node node;

    /** The bytes of one document and its parsed data, shared by the views into it. */
    private static final class Document {
        final byte[] value;
        final int scalars;
        final int json;
        volatile Map<String, Object> parsed;

        Document(byte[] value, int scalars, int json) {
            this.value = value;
            this.scalars = scalars;
            this.json = json;
        }

        Map<String, Object> parsed() {
            Map<String, Object> p = parsed;
            if (p == null) {
                p = DocumentCodec.readData(value, json, value.length - json);
                parsed = p;
            }
            return p;
        }
    }

    StoredData(Shape shape, byte[] value, int scalars, int json) {
        this(new Document(value, scalars, json), shape.root);
    }

    private StoredData(Document doc, Shape.Node node) {
        this.doc = doc;
        this.node = node;
    }

    @Override
    public Object get(Object key) {
        Object child = node.children.get(key);
        if (child instanceof Integer index) {
            return DocumentCodec.scalarAt(doc.value, doc.scalars, index);
        }
        if (child instanceof Shape.Node object) {
            return new StoredData(doc, object);
        }
        return full().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return node.children.containsKey(key) || full().containsKey(key);
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return Collections.unmodifiableMap(full()).entrySet();
    }

    @Override
    public int size() {
        return full().size();
    }

    /** This object, parsed from the JSON. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> full() {
        Map<String, Object> m = doc.parsed();
        for (String key : node.path) {
            m = (Map<String, Object>) m.get(key);
        }
        return m;
    }
}
