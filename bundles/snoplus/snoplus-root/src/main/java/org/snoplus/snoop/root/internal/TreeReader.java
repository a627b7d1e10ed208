package org.snoplus.snoop.root.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.snoplus.snoop.root.BranchShape;
import org.snoplus.snoop.root.EntryCursor;
import org.snoplus.snoop.root.LeafType;
import org.snoplus.snoop.root.RootBranch;
import org.snoplus.snoop.root.RootFormatException;
import org.snoplus.snoop.root.RootTree;
import org.snoplus.snoop.root.UnsupportedRootException;

/**
 * A tree's metadata turned into branches. Reading a TTree is generic (streamer information); knowing what its
 * branches hold is this class: a flat branch is a {@code TBranch} with no sub-branches and exactly one leaf of a
 * basic type, whose title gives array dimensions ({@code x[3]}, {@code x[n]}) and whose {@code fLeafCount}
 * points to the counter leaf of a variable-length array.
 */
final class TreeReader implements RootTree {

    /** A dimension in a leaf title that is not a number: the counter of a variable-length array. */
    private static final Pattern COUNTER_IN_TITLE = Pattern.compile("\\[([^\\]0-9][^\\]]*)\\]");

    private final RootFileReader file;
    private final String name;
    private final String title;
    private final long entries;
    private final long position;
    private final List<RootBranch> branches;
    private final Map<String, Branch> byName = new LinkedHashMap<>();

    TreeReader(RootFileReader file, String name, RObject tree, long position) {
        this.file = file;
        this.name = name;
        this.title = tree.string("fTitle");
        this.entries = tree.number("fEntries", 0);
        this.position = position;
        List<Branch.Builder> builders = new ArrayList<>();
        for (Object item : tree.list("fBranches")) {
            if (item instanceof RObject b) {
                builders.add(describe(b));
            }
        }
        resolveCounters(builders);
        List<RootBranch> list = new ArrayList<>();
        for (Branch.Builder b : builders) {
            Branch br = b.build();
            list.add(br);
            byName.putIfAbsent(br.name, br);
        }
        this.branches = List.copyOf(list);
    }

    private Branch.Builder describe(RObject b) {
        Branch.Builder out = new Branch.Builder();
        out.tree = name;
        out.name = b.string("fName");
        out.title = b.string("fTitle");
        out.className = b.className;
        out.entries = b.number("fEntries", 0);
        if (b.problem != null) {
            return out.damaged("its metadata cannot be read: " + b.problem);
        }
        List<Object> subBranches = b.list("fBranches");
        List<Object> leaves = b.list("fLeaves");
        switch (b.className) {
            case "TBranch" -> {
                // the flat branch: examined below
            }
            case "TBranchElement", "TBranchObject" -> {
                return out.unsupported("an object branch of class " + b.string("fClassName") + " (" + b.className
                        + (subBranches.isEmpty() ? "" : ", split into " + subBranches.size() + " sub-branches")
                        + "); only branches of basic types, their arrays and strings are read");
            }
            case "TBranchClones" -> {
                return out.unsupported("a TClonesArray branch of class " + b.string("fClassName")
                        + " (TBranchClones); only branches of basic types, their arrays and strings are read");
            }
            default -> {
                return out.unsupported("a branch of class " + b.className
                        + "; only branches of basic types, their arrays and strings are read");
            }
        }
        if (!subBranches.isEmpty()) {
            return out.unsupported("a branch with " + subBranches.size() + " sub-branches");
        }
        if (leaves.size() != 1) {
            return out.unsupported(leaves.isEmpty() ? "a branch without leaves"
                    : "a leaf list of " + leaves.size() + " leaves " + Branch.leafNames(leaves)
                            + " (one struct per entry); only single-leaf branches are read");
        }
        if (!b.string("fFileName").isEmpty()) {
            return out.unsupported("its baskets are in another file, '" + b.string("fFileName") + "'");
        }
        if (!(leaves.get(0) instanceof RObject leaf)) {
            return out.damaged("its leaf is missing");
        }
        if (leaf.problem != null) {
            return out.damaged("its leaf cannot be read: " + leaf.problem);
        }
        out.leaf = leaf;
        boolean unsigned = leaf.number("fIsUnsigned", 0) != 0;
        LeafType type = switch (leaf.className) {
            case "TLeafO" -> LeafType.BOOL;
            case "TLeafB" -> unsigned ? LeafType.UINT8 : LeafType.INT8;
            case "TLeafS" -> unsigned ? LeafType.UINT16 : LeafType.INT16;
            case "TLeafI" -> unsigned ? LeafType.UINT32 : LeafType.INT32;
            case "TLeafL", "TLeafG" -> unsigned ? LeafType.UINT64 : LeafType.INT64;
            case "TLeafF" -> LeafType.FLOAT;
            case "TLeafD" -> LeafType.DOUBLE;
            case "TLeafC" -> LeafType.STRING;
            default -> null;
        };
        if (type == null) {
            return out.unsupported(switch (leaf.className) {
                case "TLeafF16" -> "packed Float16_t values (TLeafF16)";
                case "TLeafD32" -> "packed Double32_t values (TLeafD32)";
                default -> "a leaf of class " + leaf.className;
            } + "; only leaves of basic types and strings are read");
        }
        out.type = type;
        long len = leaf.number("fLen", 1);
        if (len < 1 || len > Integer.MAX_VALUE / 8) {
            return out.damaged("its leaf has an impossible length " + len);
        }
        Object countRef = leaf.fields.get("fLeafCount");
        if (countRef instanceof RObject c) {
            out.counterLeaf = c;
            out.counterLeafName = c.string("fName");
        } else {
            Matcher m = COUNTER_IN_TITLE.matcher(leaf.string("fTitle"));
            if (m.find()) {
                out.counterLeafName = m.group(1);
            }
        }
        if (out.counterLeafName != null) {
            if (type == LeafType.STRING) {
                return out.unsupported("an array of strings counted by '" + out.counterLeafName + "'");
            }
            out.shape = BranchShape.VARIABLE_ARRAY;
            out.fixedLength = (int) len;
        } else if (type == LeafType.STRING) {
            out.shape = BranchShape.SCALAR;
            out.fixedLength = 1;
        } else {
            out.shape = len == 1 ? BranchShape.SCALAR : BranchShape.FIXED_ARRAY;
            out.fixedLength = (int) len;
            out.entrySize = (int) len * type.size();
        }
        boolean variable = out.entrySize == 0;
        if (variable && b.number("fEntryOffsetLen", 0) <= 0) {
            return out.unsupported("entries of varying size stored without entry offsets");
        }
        return baskets(b, out);
    }

    /** Reads and checks the basket table: every basket inside the file, first entries in order. */
    private Branch.Builder baskets(RObject b, Branch.Builder out) {
        long n = b.number("fWriteBasket", -1);
        long[] entry = b.longs("fBasketEntry");
        long[] seek = b.longs("fBasketSeek");
        long[] bytes = b.longs("fBasketBytes");
        if (n < 0 || entry == null || seek == null || bytes == null || entry.length <= n || seek.length < n
                || bytes.length < n) {
            return out.damaged("its basket table is incomplete (" + n + " baskets written, arrays of "
                    + (entry == null ? "none" : entry.length) + " entries)");
        }
        int baskets = (int) n;
        long length = file.source().length();
        if (entry[0] != 0 && baskets > 0) {
            return out.unsupported("its first basket starts at entry " + entry[0] + " instead of 0");
        }
        int[] sizes = new int[baskets];
        for (int i = 0; i < baskets; i++) {
            if (seek[i] <= 0 || bytes[i] < KeyHeader.MIN_SIZE || bytes[i] > length - seek[i]) {
                return out.damaged("basket " + i + " lies at file offset " + seek[i] + " with " + bytes[i]
                        + " bytes, outside the file (" + length + " bytes)");
            }
            if (entry[i + 1] < entry[i]) {
                return out.damaged("basket " + (i + 1) + " starts at entry " + entry[i + 1] + ", before basket " + i
                        + " (" + entry[i] + ")");
            }
            sizes[i] = (int) bytes[i];
        }
        long onDisk = baskets == 0 ? 0 : entry[baskets];
        if (onDisk < entries || onDisk < out.entries) {
            return out.unsupported("only " + onDisk + " of its " + Math.max(entries, out.entries)
                    + " entries are in baskets on disk; the rest are in a basket kept inside the tree's metadata"
                    + " (a file not closed properly), which this reader does not read");
        }
        out.baskets = baskets;
        out.basketEntry = java.util.Arrays.copyOf(entry, baskets + 1);
        out.basketSeek = java.util.Arrays.copyOf(seek, baskets);
        out.basketBytes = sizes;
        return out;
    }

    /** Names the counter branch of each variable-length array: the branch whose leaf is the counter leaf. */
    private static void resolveCounters(List<Branch.Builder> builders) {
        for (Branch.Builder b : builders) {
            if (b.rejected() || b.counterLeafName == null) {
                continue;
            }
            Branch.Builder found = null;
            for (Branch.Builder c : builders) {
                if (c.leaf != null && (c.leaf == b.counterLeaf
                        || (b.counterLeaf == null && c.leaf.string("fName").equals(b.counterLeafName)))) {
                    found = c;
                    break;
                }
            }
            if (found == null && b.counterLeaf != null) {
                for (Branch.Builder c : builders) {
                    if (c.leaf != null && c.leaf.string("fName").equals(b.counterLeafName)) {
                        found = c;
                        break;
                    }
                }
            }
            if (found == null) {
                b.unsupported("its counter leaf '" + b.counterLeafName + "' is not a branch of this tree");
            } else if (found.type == null || !found.type.isInteger() || found.shape != BranchShape.SCALAR) {
                b.unsupported("its counter '" + found.name + "' is not a scalar integer branch");
            } else {
                b.counter = found.name;
            }
        }
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
    public long entries() {
        return entries;
    }

    @Override
    public List<RootBranch> branches() {
        return branches;
    }

    @Override
    public Optional<RootBranch> branch(String branchName) {
        return Optional.ofNullable(byName.get(branchName));
    }

    @Override
    public EntryCursor cursor() throws IOException {
        return cursor(byName.keySet(), 0);
    }

    @Override
    public EntryCursor cursor(Collection<String> names) throws IOException {
        return cursor(names, 0);
    }

    @Override
    public EntryCursor cursor(Collection<String> names, long firstEntry) throws IOException {
        if (firstEntry < 0 || firstEntry > entries) {
            throw new IllegalArgumentException("first entry " + firstEntry + " is outside 0.." + entries + " of tree '"
                    + name + "' in " + file.path());
        }
        List<Branch> columns = new ArrayList<>(names.size());
        List<Branch> unreadable = new ArrayList<>();
        for (String n : names) {
            Branch b = byName.get(n);
            if (b == null) {
                throw new IllegalArgumentException("tree '" + name + "' in " + file.path() + " has no branch '" + n
                        + "' (branches: " + byName.keySet() + ")");
            }
            if (columns.stream().anyMatch(c -> c.name.equals(n))) {
                continue;
            }
            if (b.reason != null) {
                unreadable.add(b);
            }
            columns.add(b);
        }
        if (!unreadable.isEmpty()) {
            String list = unreadable.stream().map(b -> "'" + b.name + "' is " + b.reason)
                    .collect(Collectors.joining("; "));
            String object = "tree '" + name + "'";
            if (unreadable.stream().allMatch(b -> b.damaged)) {
                throw new RootFormatException(file.path(), object, position, "branches cannot be read: " + list);
            }
            throw new UnsupportedRootException(file.path(), object, position, "branches cannot be read: " + list);
        }
        Cursor c = new Cursor(file, this, columns);
        c.seek(firstEntry);
        return c;
    }

    @Override
    public String toString() {
        return "tree '" + name + "' (" + entries + " entries, " + branches.size() + " branches)";
    }
}
