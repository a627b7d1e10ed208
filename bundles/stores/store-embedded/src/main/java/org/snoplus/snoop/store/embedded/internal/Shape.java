package org.snoplus.snoop.store.embedded.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What many documents of a processor have in common, stored once: the version and instance that
 * stamped them and the paths of the scalar fields of their data that are kept beside the JSON
 * ({@link DocumentCodec}). A document refers to its shape by number.
 */
final class Shape {

    final int id;
    final String version;
    final String instance;
    /** Path of each scalar, as keys from the data object down. */
    final List<List<String>> leaves;
    /** The data object's keys that lead to scalars, as a tree. */
    final Node root;

    Shape(int id, String version, String instance, List<List<String>> leaves) {
        this.id = id;
        this.version = version;
        this.instance = instance;
        this.leaves = List.copyOf(leaves);
        this.root = new Node(List.of());
        for (int i = 0; i < leaves.size(); i++) {
            root.add(leaves.get(i), 0, i);
        }
    }

    /** The key that finds a shape for a document to be written. */
    record Key(String version, String instance, List<List<String>> leaves) {
    }

    Key key() {
        return new Key(version, instance, leaves);
    }

    /**
     * An object of the data, for look-ups: under each key, an {@code Integer} (the index of the
     * scalar) or a {@code Node} (an object with scalars in it).
     */
    static final class Node {
        final List<String> path;
        final Map<String, Object> children = new HashMap<>();

        Node(List<String> path) {
            this.path = path;
        }

        void add(List<String> leaf, int depth, int index) {
            String key = leaf.get(depth);
            if (depth == leaf.size() - 1) {
                children.put(key, index);
            } else {
                Object child = children.get(key);
                if (!(child instanceof Node)) {
                    child = new Node(leaf.subList(0, depth + 1));
                    children.put(key, child);
                }
                ((Node) child).add(leaf, depth + 1, index);
            }
        }
    }

    byte[] toBytes() {
        Bytes out = new Bytes();
        out.string(version);
        out.string(instance);
        out.varint(leaves.size());
        for (List<String> leaf : leaves) {
            out.varint(leaf.size());
            for (String key : leaf) {
                out.string(key);
            }
        }
        return out.toArray();
    }

    static Shape fromBytes(int id, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        String version = Bytes.readString(in);
        String instance = Bytes.readString(in);
        String[][] leaves = new String[Bytes.readVarint32(in)][];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = new String[Bytes.readVarint32(in)];
            for (int k = 0; k < leaves[i].length; k++) {
                leaves[i][k] = Bytes.readString(in);
            }
        }
        return new Shape(id, version, instance, Arrays.stream(leaves).map(List::of).toList());
    }

    @Override
    public String toString() {
        return "shape " + id + " " + version + "@" + instance + " " + leaves;
    }
}
