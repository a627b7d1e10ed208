package org.snoplus.snoop.store.embedded.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.h2.mvstore.MVStore;
import org.snoplus.snoop.document.SampleDocument;

/** The size of a document in the embedded store's form, for the benchmarks (a class in its package). */
public final class StoredSize {

    private final MVStore memory = new MVStore.Builder().open();
    private final Map<Shape.Key, Shape> shapes = new HashMap<>();
    private final BinaryCodec codec = new BinaryCodec(new DocumentCodec.Shapes() {
        @Override
        public Shape shape(int id) {
            return shapes.values().stream().filter(s -> s.id == id).findFirst().orElseThrow();
        }

        @Override
        public Shape shapeFor(Shape.Key key) {
            return shapes.computeIfAbsent(key, k -> new Shape(shapes.size() + 1, k.version(), k.instance(), List.of()));
        }
    }, new KeyDictionary(memory.openMap("keys")));

    /** Bytes of {@code doc} as the store keeps it (before the page compression of the file). */
    public int of(SampleDocument doc) {
        return codec.encode(doc).length;
    }

    /** Bytes of {@code doc} as the store keeps it, deflated alone: about what a compressed page gives. */
    public int deflated(SampleDocument doc) {
        byte[] b = codec.encode(doc);
        java.util.zip.Deflater d = new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION);
        d.setInput(b);
        d.finish();
        byte[] out = new byte[b.length + 64];
        int n = d.deflate(out);
        d.end();
        return n;
    }
}
