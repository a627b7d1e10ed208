package org.snoplus.snoop.root.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A ROOT object read from a buffer, generically: its class, its members by name (base classes' members
 * merged in, as ROOT lays them out one after the other), and for collections their items. Only metadata
 * (trees, branches, leaves, streamer information) is read this way, once per tree; entries never are.
 */
final class RObject {

    final String className;
    int version = -1;
    final Map<String, Object> fields = new HashMap<>();
    /** The items of a TList or TObjArray; null for other classes. */
    List<Object> items;
    /** Why the object could not be read completely, or null. Its bytes were skipped using its byte count. */
    String problem;

    RObject(String className) {
        this.className = className;
    }

    boolean has(String name) {
        return fields.containsKey(name);
    }

    String string(String name) {
        Object v = fields.get(name);
        return v instanceof String s ? s : "";
    }

    /** A numeric member, or {@code dflt} when the class version has no such member. */
    long number(String name, long dflt) {
        Object v = fields.get(name);
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return dflt;
    }

    /** A member that is an object, or null. */
    RObject object(String name) {
        return fields.get(name) instanceof RObject o ? o : null;
    }

    /** The items of a collection member, or an empty list. */
    List<Object> list(String name) {
        RObject o = object(name);
        return o == null || o.items == null ? List.of() : o.items;
    }

    /** A member that is an array of integers of any width, widened; null if absent. */
    long[] longs(String name) {
        Object v = fields.get(name);
        if (v instanceof long[] a) {
            return a;
        }
        if (v instanceof int[] a) {
            long[] r = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                r[i] = a[i];
            }
            return r;
        }
        return null;
    }

    static List<Object> newItems(int n) {
        return new ArrayList<>(n);
    }

    @Override
    public String toString() {
        return className + (version >= 0 ? " v" + version : "") + fields.keySet();
    }
}
