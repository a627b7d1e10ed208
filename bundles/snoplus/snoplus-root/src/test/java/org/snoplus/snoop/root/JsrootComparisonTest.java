package org.snoplus.snoop.root;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every branch of every real file, every entry, value by value, against jsroot reading the same file: types and
 * shapes of the branches, then each value through the typed getters (floats and doubles compared bit for bit:
 * both readers decode the same IEEE bytes, and jsroot's are handed over as their bits, not as decimals), from the
 * first entry and from every other start a resumed reader may use, then {@link EntryCursor#toMap()} against the
 * getters.
 */
@RunWith(Parameterized.class)
public class JsrootComparisonTest {

    @Parameters(name = "{0}")
    public static List<Object[]> files() {
        List<Object[]> list = new ArrayList<>();
        for (String[] f : TestFiles.REAL) {
            list.add(new Object[] {f[0], f[1]});
        }
        list.add(new Object[] {"resource:uproot-empty.root", "tree"});
        return list;
    }

    private final Path file;
    private final String treeName;

    public JsrootComparisonTest(String name, String tree) {
        this.file = name.startsWith("resource:") ? TestFiles.resource(name.substring(9)) : TestFiles.real(name);
        this.treeName = tree;
    }

    @Test
    public void branchesHaveTheTypesJsrootSees() throws Exception {
        JsonNode ref = Jsroot.dump(file, treeName);
        try (RootFile f = RootFile.open(file)) {
            assertEquals(List.of(treeName), f.trees());
            RootTree tree = f.tree(treeName);
            assertEquals(ref.get("entries").asLong(), tree.entries());
            Iterator<JsonNode> refBranches = ref.get("branches").elements();
            for (RootBranch b : tree.branches()) {
                JsonNode rb = refBranches.next();
                assertEquals(rb.get("name").asText(), b.name());
                assertTrue(b.name() + ": " + b.describe(), b.isSupported());
                JsonNode leaf = rb.get("leaves").get(0);
                assertEquals(b.name(), expectedType(leaf), b.type());
                int len = leaf.get("len").asInt();
                if (leaf.get("count").isNull()) {
                    assertTrue(b.name(), b.counter().isEmpty());
                    if (b.type() != LeafType.STRING) {
                        assertEquals(b.name(), len, b.fixedLength());
                        assertEquals(b.name(), len == 1 ? BranchShape.SCALAR : BranchShape.FIXED_ARRAY, b.shape());
                    } else {
                        assertEquals(BranchShape.SCALAR, b.shape());
                    }
                } else {
                    assertEquals(b.name(), BranchShape.VARIABLE_ARRAY, b.shape());
                    // in these files each counter branch is named like its leaf
                    assertEquals(b.name(), leaf.get("count").asText(), b.counter().orElseThrow());
                    assertEquals(b.name(), len, b.fixedLength());
                }
                assertEquals(b.name(), ref.get("entries").asLong(), b.entries());
            }
            assertFalse("jsroot lists more branches", refBranches.hasNext());
        }
    }

    private static LeafType expectedType(JsonNode leaf) {
        boolean u = leaf.get("unsigned").asBoolean();
        return switch (leaf.get("type").asText()) {
            case "TLeafO" -> LeafType.BOOL;
            case "TLeafB" -> u ? LeafType.UINT8 : LeafType.INT8;
            case "TLeafS" -> u ? LeafType.UINT16 : LeafType.INT16;
            case "TLeafI" -> u ? LeafType.UINT32 : LeafType.INT32;
            case "TLeafL" -> u ? LeafType.UINT64 : LeafType.INT64;
            case "TLeafF" -> LeafType.FLOAT;
            case "TLeafD" -> LeafType.DOUBLE;
            case "TLeafC" -> LeafType.STRING;
            default -> throw new AssertionError("unexpected leaf " + leaf);
        };
    }

    @Test
    public void everyValueMatchesJsroot() throws Exception {
        JsonNode ref = Jsroot.dump(file, treeName);
        try (RootFile f = RootFile.open(file); EntryCursor c = f.tree(treeName).cursor()) {
            long compared = compareToTheEnd(ref, c, 0);
            assertEquals(ref.get("entries").asLong(), c.entry());
            for (RootBranch b : c.columns()) {
                assertEquals(b.name(), ref.get("entries").asInt(), ref.get("values").get(b.name()).size());
            }
            assertTrue(compared > 0 || ref.get("entries").asLong() == 0);
        }
    }

    /**
     * A cursor started at any entry (a reader resuming after a restart), over the columns in another order and
     * without the counters of the variable arrays, reads what jsroot reads there: every start in the small trees
     * (whose branches cut their baskets at different entries), and around the ends of the large tree.
     */
    @Test
    public void fromAnyStartEntryOverAnyColumnsTheValuesAreJsroots() throws Exception {
        JsonNode ref = Jsroot.dump(file, treeName);
        long entries = ref.get("entries").asLong();
        try (RootFile f = RootFile.open(file)) {
            RootTree tree = f.tree(treeName);
            List<String> columns = new ArrayList<>();
            for (RootBranch b : tree.branches()) {
                boolean aCounter = tree.branches().stream().anyMatch(o -> o.counter().orElse("").equals(b.name()));
                if (!aCounter) {
                    columns.add(0, b.name());
                }
            }
            List<Long> starts = new ArrayList<>();
            for (long e = 0; e <= entries; e++) {
                if (entries <= 100 || e < 3 || e > entries - 3 || e == entries / 2) {
                    starts.add(e);
                }
            }
            for (long start : starts) {
                try (EntryCursor c = tree.cursor(columns, start)) {
                    assertEquals(start - 1, c.entry());
                    compareToTheEnd(ref, c, start);
                    assertEquals(entries, c.entry());
                }
            }
            // and a cursor moved backwards and forwards with seek
            try (EntryCursor c = tree.cursor(columns)) {
                for (long start : new long[] {entries / 2, 0, entries - 1, entries / 3}) {
                    if (start >= 0 && start < entries) {
                        c.seek(start);
                        assertTrue(c.next());
                        compareEntry(ref, c);
                    }
                }
            }
        }
    }

    /** Reads from {@code start} to the end comparing every value; returns the number of values compared. */
    private long compareToTheEnd(JsonNode ref, EntryCursor c, long start) throws Exception {
        long compared = 0;
        long expect = start;
        while (c.next()) {
            assertEquals(expect++, c.entry());
            compared += compareEntry(ref, c);
        }
        return compared;
    }

    private long compareEntry(JsonNode ref, EntryCursor c) {
        long compared = 0;
        int e = (int) c.entry();
        List<RootBranch> cols = c.columns();
        for (int col = 0; col < cols.size(); col++) {
            RootBranch b = cols.get(col);
            String where = file.getFileName() + " " + b.name() + " (" + b.describe() + ") entry " + e;
            compared += compare(where, ref.get("values").get(b.name()).get(e), c, col, b);
        }
        return compared;
    }

    /** Compares one entry of one column with jsroot's value; returns the number of values compared. */
    private static int compare(String where, JsonNode expected, EntryCursor c, int col, RootBranch b) {
        if (b.type() == LeafType.STRING) {
            assertEquals(where, expected.asText(), c.getString(col));
            return 1;
        }
        if (b.shape() == BranchShape.SCALAR) {
            assertEquals(where, 1, c.length(col));
            compareValue(where, expected, c, col, -1, b.type());
            return 1;
        }
        if (expected.isTextual()) {
            // jsroot gives a fixed array of signed chars as a C string: the bytes up to the first NUL
            assertEquals(where, LeafType.INT8, b.type());
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < c.length(col) && c.getInt(col, i) != 0; i++) {
                s.append((char) (c.getInt(col, i) & 0xff));
            }
            assertEquals(where, expected.asText(), s.toString());
            assertEquals(where, b.fixedLength(), c.length(col));
            return c.length(col);
        }
        assertEquals(where + " length", expected.size(), c.length(col));
        if (b.shape() == BranchShape.FIXED_ARRAY) {
            assertEquals(where, b.fixedLength(), c.length(col));
        }
        for (int i = 0; i < expected.size(); i++) {
            compareValue(where + "[" + i + "]", expected.get(i), c, col, i, b.type());
        }
        return expected.size();
    }

    private static void compareValue(String where, JsonNode v, EntryCursor c, int col, int i, LeafType type) {
        switch (type) {
            case BOOL -> {
                boolean want = v.isBoolean() ? v.asBoolean() : v.asInt() != 0;
                assertEquals(where, want, i < 0 ? c.getBoolean(col) : c.getBoolean(col, i));
            }
            case FLOAT -> {
                float got = i < 0 ? c.getFloat(col) : c.getFloat(col, i);
                assertEquals(where + " (IEEE bits)", bits(v, 8), hex(Float.floatToRawIntBits(got), 8));
                assertEquals(where + " getDouble", Double.doubleToRawLongBits(got),
                        Double.doubleToRawLongBits(i < 0 ? c.getDouble(col) : c.getDouble(col, i)));
            }
            case DOUBLE -> {
                double got = i < 0 ? c.getDouble(col) : c.getDouble(col, i);
                assertEquals(where + " (IEEE bits)", bits(v, 16), hex(Double.doubleToRawLongBits(got), 16));
            }
            default -> {
                long got = i < 0 ? c.getLong(col) : c.getLong(col, i);
                BigInteger want = new BigInteger(v.asText());
                BigInteger have = type == LeafType.UINT64 ? new BigInteger(Long.toUnsignedString(got))
                        : BigInteger.valueOf(got);
                assertEquals(where, want, have);
                if (type != LeafType.UINT32 && type != LeafType.INT64 && type != LeafType.UINT64) {
                    assertEquals(where + " getInt", got, i < 0 ? c.getInt(col) : c.getInt(col, i));
                }
                if (type != LeafType.UINT64) {
                    assertEquals(where + " getDouble", (double) got, i < 0 ? c.getDouble(col) : c.getDouble(col, i), 0);
                }
            }
        }
    }

    /** The IEEE bits jsroot saw, which dump.mjs writes as hex so that no decimal printing or parsing is involved. */
    private static String bits(JsonNode v, int hexDigits) {
        assertTrue("jsroot's value is not the hex of IEEE bits: " + v,
                v.isTextual() && v.asText().matches("[0-9a-f]{" + hexDigits + "}"));
        return v.asText();
    }

    private static String hex(long bits, int hexDigits) {
        String h = Long.toHexString(bits);
        return "0".repeat(Math.max(0, hexDigits - h.length())) + h.substring(Math.max(0, h.length() - hexDigits));
    }

    @Test
    public void toMapFollowsItsConventionAndTheGetters() throws Exception {
        try (RootFile f = RootFile.open(file); EntryCursor c = f.tree(treeName).cursor()) {
            List<RootBranch> cols = c.columns();
            while (c.next()) {
                Map<String, Object> m = c.toMap();
                assertEquals(cols.size(), m.size());
                assertEquals(cols.stream().map(RootBranch::name).toList(), new ArrayList<>(m.keySet()));
                for (int col = 0; col < cols.size(); col++) {
                    RootBranch b = cols.get(col);
                    Object v = m.get(b.name());
                    String where = b.name() + " entry " + c.entry();
                    if (b.type() == LeafType.STRING) {
                        assertEquals(where, c.getString(col), v);
                    } else if (b.shape() == BranchShape.SCALAR) {
                        Object want = b.type() == LeafType.BOOL ? (Object) c.getBoolean(col)
                                : b.type().isFloatingPoint() ? (Object) c.getDouble(col) : (Object) c.getLong(col);
                        assertEquals(where, want, v);
                    } else if (b.type() == LeafType.BOOL) {
                        boolean[] want = new boolean[c.length(col)];
                        for (int i = 0; i < want.length; i++) {
                            want[i] = c.getBoolean(col, i);
                        }
                        assertArrayEquals(where, want, (boolean[]) v);
                    } else if (b.type().isFloatingPoint()) {
                        double[] want = new double[c.length(col)];
                        assertEquals(want.length, c.readDoubles(col, want, 0));
                        assertArrayEquals(where, want, (double[]) v, 0);
                    } else {
                        long[] want = new long[c.length(col)];
                        assertEquals(want.length, c.readLongs(col, want, 0));
                        assertArrayEquals(where, want, (long[]) v);
                    }
                }
            }
        }
    }

    @Test
    public void unknownTreeIsNamed() throws Exception {
        try (RootFile f = RootFile.open(file)) {
            f.tree("no-such-tree");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no-such-tree") && e.getMessage().contains(treeName));
        }
    }
}
