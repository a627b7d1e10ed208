package org.snoplus.snoop.root.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snoplus.snoop.root.BranchShape;
import org.snoplus.snoop.root.EntryCursor;
import org.snoplus.snoop.root.LeafType;
import org.snoplus.snoop.root.RootBranch;
import org.snoplus.snoop.root.RootTree;

/**
 * The entry cursor: positions every column on the entry, then decodes values on demand straight from the
 * columns' basket buffers. Its own {@link Unzipper} and buffers make it independent of other cursors.
 */
final class Cursor implements EntryCursor {

    private final TreeReader tree;
    private final Column[] columns;
    private final List<RootBranch> branches;
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final Unzipper unzipper = new Unzipper();
    private final long entries;
    private long entry = -1;
    private long nextEntry;
    /** Whether every column is positioned on {@link #entry}; false after a failed {@link #next()}. */
    private boolean valid;
    private boolean closed;

    Cursor(RootFileReader file, TreeReader tree, List<Branch> list) {
        this.tree = tree;
        this.entries = tree.entries();
        this.columns = new Column[list.size()];
        List<RootBranch> bs = new ArrayList<>(list.size());
        for (int i = 0; i < columns.length; i++) {
            columns[i] = new Column(list.get(i), file.source(), unzipper, file.maxObjectBytes());
            index.put(list.get(i).name, i);
            bs.add(list.get(i));
        }
        this.branches = List.copyOf(bs);
    }

    @Override
    public RootTree tree() {
        return tree;
    }

    @Override
    public List<RootBranch> columns() {
        return branches;
    }

    @Override
    public int column(String branch) {
        Integer i = index.get(branch);
        if (i == null) {
            throw new IllegalArgumentException("'" + branch + "' is not a column of this cursor (columns: "
                    + index.keySet() + ")");
        }
        return i;
    }

    @Override
    public boolean next() throws IOException {
        if (closed) {
            throw new IllegalStateException("the cursor is closed");
        }
        valid = false;
        long e = nextEntry;
        if (e >= entries) {
            entry = entries;
            return false;
        }
        entry = e;
        nextEntry = e + 1; // set first: after a failure the next call moves on
        for (Column c : columns) {
            c.position(e);
        }
        valid = true;
        return true;
    }

    @Override
    public long entry() {
        return entry;
    }

    @Override
    public void seek(long target) {
        if (target < 0 || target > entries) {
            throw new IllegalArgumentException("entry " + target + " is outside 0.." + entries);
        }
        nextEntry = target;
        entry = target - 1;
        valid = false;
    }

    Column col0() {
        return columns[0];
    }

    private Column col(int col) {
        if (!valid) {
            throw new IllegalStateException(entry < 0 || entry >= entries ? "no current entry: call next() first"
                    : "entry " + entry + " could not be read");
        }
        return columns[col];
    }

    private Column scalar(int col) {
        Column c = col(col);
        if (c.branch.shape != BranchShape.SCALAR) {
            throw new IllegalStateException("branch '" + c.branch.name + "' is an array (" + c.branch.describe()
                    + "): use the indexed getter");
        }
        return c;
    }

    private static int at(Column c, int index) {
        if (index < 0 || index >= c.count || c.type == LeafType.STRING) {
            throw new IndexOutOfBoundsException("index " + index + " outside the " + c.length() + " values of '"
                    + c.branch.name + "' in this entry");
        }
        return c.start + index * c.size;
    }

    @Override
    public int length(int col) {
        return col(col).length();
    }

    @Override
    public boolean getBoolean(int col) {
        return bool(scalar(col), 0);
    }

    @Override
    public int getInt(int col) {
        return integer(scalar(col), 0);
    }

    @Override
    public long getLong(int col) {
        return longValue(scalar(col), 0);
    }

    @Override
    public float getFloat(int col) {
        return floatValue(scalar(col), 0);
    }

    @Override
    public double getDouble(int col) {
        return doubleValue(scalar(col), 0);
    }

    @Override
    public String getString(int col) {
        Column c = col(col);
        if (c.type != LeafType.STRING) {
            throw wrongType(c, "a string");
        }
        return c.string();
    }

    @Override
    public boolean getBoolean(int col, int i) {
        return bool(col(col), i);
    }

    @Override
    public int getInt(int col, int i) {
        return integer(col(col), i);
    }

    @Override
    public long getLong(int col, int i) {
        return longValue(col(col), i);
    }

    @Override
    public float getFloat(int col, int i) {
        return floatValue(col(col), i);
    }

    @Override
    public double getDouble(int col, int i) {
        return doubleValue(col(col), i);
    }

    private static boolean bool(Column c, int i) {
        if (c.type != LeafType.BOOL) {
            throw wrongType(c, "a bool");
        }
        return c.buf[at(c, i)] != 0;
    }

    private static int integer(Column c, int i) {
        int p = at(c, i);
        byte[] b = c.buf;
        return switch (c.type) {
            case INT8 -> b[p];
            case UINT8 -> b[p] & 0xff;
            case INT16 -> BigEndian.getShort(b, p);
            case UINT16 -> BigEndian.getShort(b, p) & 0xffff;
            case INT32 -> BigEndian.getInt(b, p);
            default -> throw wrongType(c, "an int (use getLong for 64-bit and unsigned 32-bit values)");
        };
    }

    private static long longValue(Column c, int i) {
        int p = at(c, i);
        byte[] b = c.buf;
        return switch (c.type) {
            case BOOL -> b[p] != 0 ? 1 : 0;
            case INT8 -> b[p];
            case UINT8 -> b[p] & 0xff;
            case INT16 -> BigEndian.getShort(b, p);
            case UINT16 -> BigEndian.getShort(b, p) & 0xffff;
            case INT32 -> BigEndian.getInt(b, p);
            case UINT32 -> BigEndian.getInt(b, p) & 0xffffffffL;
            case INT64, UINT64 -> BigEndian.getLong(b, p);
            default -> throw wrongType(c, "an integer (use getDouble)");
        };
    }

    private static float floatValue(Column c, int i) {
        if (c.type != LeafType.FLOAT) {
            throw wrongType(c, "a float (use getDouble)");
        }
        return BigEndian.getFloat(c.buf, at(c, i));
    }

    private static double doubleValue(Column c, int i) {
        int p = at(c, i);
        byte[] b = c.buf;
        return switch (c.type) {
            case FLOAT -> BigEndian.getFloat(b, p);
            case DOUBLE -> BigEndian.getDouble(b, p);
            case UINT64 -> unsignedToDouble(BigEndian.getLong(b, p));
            case BOOL, STRING -> throw wrongType(c, "a number");
            default -> longValue(c, i);
        };
    }

    private static double unsignedToDouble(long v) {
        // halve, convert, double: keeps the correctly rounded magnitude of values at or above 2^63
        return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
    }

    private static IllegalStateException wrongType(Column c, String wanted) {
        return new IllegalStateException("branch '" + c.branch.name + "' holds " + c.branch.describe() + ", not "
                + wanted);
    }

    @Override
    public int readDoubles(int col, double[] dst, int offset) {
        Column c = col(col);
        int n = c.length();
        checkRoom(dst.length, offset, n, c);
        for (int i = 0; i < n; i++) {
            dst[offset + i] = doubleValue(c, i);
        }
        return n;
    }

    @Override
    public int readFloats(int col, float[] dst, int offset) {
        Column c = col(col);
        int n = c.length();
        checkRoom(dst.length, offset, n, c);
        for (int i = 0; i < n; i++) {
            dst[offset + i] = floatValue(c, i);
        }
        return n;
    }

    @Override
    public int readLongs(int col, long[] dst, int offset) {
        Column c = col(col);
        int n = c.length();
        checkRoom(dst.length, offset, n, c);
        for (int i = 0; i < n; i++) {
            dst[offset + i] = longValue(c, i);
        }
        return n;
    }

    private static void checkRoom(int length, int offset, int n, Column c) {
        if (offset < 0 || offset > length || n > length - offset) {
            throw new IndexOutOfBoundsException(n + " values of '" + c.branch.name + "' do not fit at " + offset
                    + " in an array of " + length);
        }
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>(columns.length * 2);
        toMap(m);
        return m;
    }

    @Override
    public void toMap(Map<String, Object> target) {
        for (int k = 0; k < columns.length; k++) {
            Column c = col(k);
            target.put(c.branch.name, value(c));
        }
    }

    private static Object value(Column c) {
        if (c.type == LeafType.STRING) {
            return c.string();
        }
        if (c.branch.shape == BranchShape.SCALAR) {
            if (c.type == LeafType.BOOL) {
                return bool(c, 0);
            }
            return c.type.isFloatingPoint() ? (Object) doubleValue(c, 0) : (Object) longValue(c, 0);
        }
        int n = c.count;
        if (c.type == LeafType.BOOL) {
            boolean[] a = new boolean[n];
            for (int i = 0; i < n; i++) {
                a[i] = bool(c, i);
            }
            return a;
        }
        if (c.type.isFloatingPoint()) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = doubleValue(c, i);
            }
            return a;
        }
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = longValue(c, i);
        }
        return a;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            valid = false;
            for (Column c : columns) {
                c.release();
            }
            unzipper.close();
        }
    }
}
