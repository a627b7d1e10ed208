package org.snoplus.snoop.root.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.snoplus.snoop.root.BranchShape;
import org.snoplus.snoop.root.LeafType;
import org.snoplus.snoop.root.RootBranch;

/**
 * A top-level branch: its type and shape, taken from its single leaf, and its basket table (where each basket
 * lies in the file, its size, and the first entry it holds), checked against the file once here so that the
 * cursor can trust it.
 */
final class Branch implements RootBranch {

    final String name;
    final String title;
    final String className;
    final String tree;
    /** Why it cannot be read, or null. */
    final String reason;
    /** Whether {@link #reason} is damage (true) rather than an unsupported feature. */
    final boolean damaged;
    final LeafType type;
    final BranchShape shape;
    final int fixedLength;
    final String counter;
    final long entries;
    /** Bytes per entry when every entry has the same size, else 0. */
    final int entrySize;
    final int baskets;
    final long[] basketEntry;
    final long[] basketSeek;
    final int[] basketBytes;
    /** The RObject of the single leaf, to match counter references. */
    final RObject leaf;

    private Branch(Builder b) {
        this.name = b.name;
        this.title = b.title;
        this.className = b.className;
        this.tree = b.tree;
        this.reason = b.reason;
        this.damaged = b.damaged;
        this.type = b.reason == null ? b.type : null;
        this.shape = b.reason == null ? b.shape : null;
        this.fixedLength = b.fixedLength;
        this.counter = b.counter;
        this.entries = b.entries;
        this.entrySize = b.entrySize;
        this.baskets = b.baskets;
        this.basketEntry = b.basketEntry;
        this.basketSeek = b.basketSeek;
        this.basketBytes = b.basketBytes;
        this.leaf = b.leaf;
    }

    /** The basket holding {@code entry}, which lies in {@code 0..entries-1}. */
    int basketOf(long entry) {
        int i = Arrays.binarySearch(basketEntry, 0, baskets + 1, entry);
        if (i < 0) {
            i = -i - 2;
        } else {
            // equal first entries mean empty baskets before: take the last basket starting at entry
            while (i + 1 < baskets && basketEntry[i + 1] == entry) {
                i++;
            }
        }
        return Math.min(i, baskets - 1);
    }

    String object(int basket) {
        return "basket " + basket + " (entries " + basketEntry[basket] + ".." + (basketEntry[basket + 1] - 1)
                + ") of branch '" + name + "' of tree '" + tree + "'";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String className() {
        return className;
    }

    @Override
    public Optional<String> unsupportedReason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public LeafType type() {
        return type;
    }

    @Override
    public BranchShape shape() {
        return shape;
    }

    @Override
    public int fixedLength() {
        return fixedLength;
    }

    @Override
    public Optional<String> counter() {
        return Optional.ofNullable(reason == null ? counter : null);
    }

    @Override
    public long entries() {
        return entries;
    }

    @Override
    public String describe() {
        if (reason != null) {
            return reason;
        }
        String t = type.name().toLowerCase(Locale.ROOT);
        return switch (shape) {
            case SCALAR -> t;
            case FIXED_ARRAY -> t + "[" + fixedLength + "]";
            case VARIABLE_ARRAY -> t + "[" + counter + "]" + (fixedLength > 1 ? "[" + fixedLength + "]" : "");
        };
    }

    @Override
    public String toString() {
        return name + ": " + describe();
    }

    /** Builds a branch from its metadata; {@link #reject} records the first reason it cannot be read. */
    static final class Builder {
        String name = "";
        String title = "";
        String className = "";
        String tree;
        String reason;
        boolean damaged;
        LeafType type;
        BranchShape shape;
        int fixedLength = 1;
        String counter;
        long entries;
        int entrySize;
        int baskets;
        long[] basketEntry = {0};
        long[] basketSeek = {};
        int[] basketBytes = {};
        RObject leaf;
        String counterLeafName;
        RObject counterLeaf;

        Builder unsupported(String why) {
            if (reason == null) {
                reason = why;
            }
            return this;
        }

        Builder damaged(String why) {
            if (reason == null) {
                reason = why;
                damaged = true;
            }
            return this;
        }

        boolean rejected() {
            return reason != null;
        }

        Branch build() {
            return new Branch(this);
        }
    }

    static List<String> leafNames(List<Object> leaves) {
        return leaves.stream().map(l -> l instanceof RObject o ? o.string("fName") : "?").toList();
    }
}
