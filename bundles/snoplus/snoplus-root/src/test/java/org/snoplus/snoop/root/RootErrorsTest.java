package org.snoplus.snoop.root;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

/**
 * What a file this reader cannot read gets: an exception whose message names the file, the tree or the branch
 * and basket, and what is wrong (the class of an object branch, the leaves of a leaf list, the compression, the
 * damage), thrown where it can be acted on; and a damaged basket costs only its own entries. The damaged files
 * are copies of the real ones with a few bytes changed where the test finds a branch's basket.
 */
public class RootErrorsTest {

    /**
     * A branch of the sample files with baskets large enough to be compressed (ROOT stores a basket as it is when
     * compressing would not make it smaller, as it does most baskets of these small files).
     */
    private static final String BRANCH = "Au8";

    @Test
    public void anObjectBranchIsListedAndRefusedWithItsClass() throws Exception {
        Path file = TestFiles.resource("uproot-vectorVectorDouble.root");
        try (RootFile f = RootFile.open(file)) {
            RootTree t = f.tree("t");
            RootBranch x = t.branch("x").orElseThrow();
            assertFalse(x.isSupported());
            assertEquals("TBranchElement", x.className());
            String why = x.unsupportedReason().orElseThrow();
            assertTrue(why, why.contains("vector<vector<double> >") && why.contains("TBranchElement"));
            assertEquals(null, x.type());
            try {
                t.cursor();
                fail("an object branch was read");
            } catch (UnsupportedRootException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith(file.toString())
                        && e.getMessage().contains("tree 't'") && e.getMessage().contains("'x' is an object branch"));
            }
        }
    }

    @Test
    public void aLeafListIsRefusedNamingItsLeaves() throws Exception {
        Path file = TestFiles.resource("uproot-leaflist.root");
        try (RootFile f = RootFile.open(file)) {
            RootTree t = f.tree("tree");
            RootBranch b = t.branch("leaflist").orElseThrow();
            String why = b.unsupportedReason().orElseThrow();
            assertTrue(why, why.contains("leaf list of 3 leaves [x, y, z]"));
            try {
                t.cursor(List.of("leaflist"), 0);
                fail();
            } catch (UnsupportedRootException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(file.getFileName().toString())
                        && e.getMessage().contains("'leaflist'") && e.getMessage().contains("[x, y, z]"));
            }
        }
    }

    @Test
    public void aTreeWithoutEntriesHasNone() throws Exception {
        try (RootFile f = RootFile.open(TestFiles.resource("uproot-empty.root"));
                EntryCursor c = f.tree("tree").cursor()) {
            assertEquals(0, c.tree().entries());
            assertEquals(List.of("x", "y", "z"), c.columns().stream().map(RootBranch::name).toList());
            assertFalse(c.next());
            assertEquals(0, c.entry());
            try {
                c.getInt(0);
                fail();
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("no current entry"));
            }
        }
    }

    @Test
    public void anUnknownBranchOrTreeIsNamedWithWhatThereIs() throws Exception {
        try (RootFile f = RootFile.open(TestFiles.sample("zlib"))) {
            try {
                f.tree("sample").cursor(List.of("i4", "nope"), 0);
                fail();
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("no branch 'nope'") && e.getMessage().contains("Ai8"));
            }
            try {
                f.tree("events");
                fail();
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("no tree 'events'")
                        && e.getMessage().contains("[sample]"));
            }
        }
    }

    @Test
    public void zstdIsNamedWithTheFileAndBranchAndTheOtherBasketsAreRead() throws Exception {
        Path file = patchBasket(TestFiles.sample("zlib"), "zstd", "ZL", (b, data) -> b[data + 1] = 'S');
        String message = failingEntries(file, UnsupportedRootException.class);
        assertTrue(message, message.contains("of branch 'Au8' of tree 'sample'") && message.contains("ZSTD")
                && message.contains("it reads ZLIB, LZMA and LZ4"));
    }

    @Test
    public void anUnknownCompressionIsNamedByItsTag() throws Exception {
        Path file = patchBasket(TestFiles.sample("zlib"), "qq", "ZL", (b, data) -> {
            b[data] = 'Q';
            b[data + 1] = 'Q';
        });
        String message = failingEntries(file, UnsupportedRootException.class);
        assertTrue(message, message.contains("unknown algorithm (tag 'QQ')") && message.contains("'Au8'"));
    }

    @Test
    public void aDamagedZlibBasketCostsItsEntriesOnly() throws Exception {
        Path file = patchBasket(TestFiles.sample("zlib"), "zlib-damaged", "ZL", (b, data) -> {
            int compressed = u24(b, data + 3);
            for (int i = 0; i < 4; i++) {
                b[data + 9 + compressed / 2 + i] ^= (byte) 0x5a;
            }
        });
        String message = failingEntries(file, RootFormatException.class);
        assertTrue(message, message.matches(".*: basket \\d+ \\(entries \\d+\\.\\.\\d+\\) of branch 'Au8' of tree 'sample': .*"
                + "ZLIB.*\\(file offset \\d+\\)"));
    }

    @Test
    public void aDamagedLz4BasketFailsItsChecksum() throws Exception {
        // one bit of the LZ4 block, after the block header and the 8-byte checksum
        Path file = patchBasket(TestFiles.sample("lz4"), "lz4-damaged", "L4", (b, data) -> b[data + 9 + 8 + 3] ^= 1);
        String message = failingEntries(file, RootFormatException.class);
        assertTrue(message, message.contains("LZ4 block checksum mismatch") && message.contains("branch 'Au8'"));
    }

    /** The baskets of the LZMA sample are all stored as they are (too small to gain); its tree's metadata is not. */
    @Test
    public void damagedLzmaMetadataIsNamed() throws Exception {
        Path file = TestFiles.patched(TestFiles.sample("lzma"), "lzma-damaged", b -> {
            int data = dataOf(b, key(b, "\u0005TTree\u0006sample"));
            assertEquals("XZ", new String(b, data, 2, StandardCharsets.ISO_8859_1));
            b[data + 9 + u24(b, data + 3) / 2] ^= (byte) 0xff;
            return b;
        });
        try (RootFile f = RootFile.open(file)) {
            f.tree("sample");
            fail("read a damaged tree");
        } catch (RootFormatException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(file + ": tree 'sample': corrupt LZMA block"));
        }
    }

    @Test
    public void aBasketKeyOfAnotherClassIsRefused() throws Exception {
        Path file = patchBasket(TestFiles.sample("uncompressed"), "not-a-basket", null, (b, data) -> {
            int at = indexOf(b, "\u0007TBasket\u0003Au8".getBytes(StandardCharsets.ISO_8859_1), 0);
            b[at + 7] = 'X';
        });
        String message = failingEntries(file, RootFormatException.class);
        assertTrue(message, message.contains("expected a TBasket record here but found a key of class 'TBaskeX'"));
    }

    @Test
    public void aTruncatedFileSaysSo() throws Exception {
        Path original = TestFiles.real("uproot-Zmumu.root");
        byte[] b = Files.readAllBytes(original);
        Path file = TestFiles.patched(original, "truncated", x -> Arrays.copyOf(x, b.length / 2));
        try (RootFile f = RootFile.open(file)) {
            fail("opened " + f);
        } catch (RootFormatException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(file.toString())
                    && e.getMessage().contains("the file is truncated") && e.getMessage().contains(b.length + " bytes"));
        }
    }

    @Test
    public void aFileThatIsNotRootOrNotThereIsNamed() throws Exception {
        Path file = TestFiles.patched(TestFiles.real("simple.root"), "text",
                x -> "# not a ROOT file\n".getBytes(StandardCharsets.US_ASCII));
        try (RootFile f = RootFile.open(file)) {
            fail("opened " + f);
        } catch (RootFormatException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("not a ROOT file: it starts with \"# no\""));
        }
        Path missing = file.resolveSibling("no-such-file.root");
        try (RootFile f = RootFile.open(missing)) {
            fail("opened " + f);
        } catch (NoSuchFileException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no-such-file.root"));
        }
    }

    @Test
    public void anObjectLargerThanAllowedIsRefusedBeforeItIsAllocated() throws Exception {
        try (RootFile f = RootFile.open(TestFiles.real("uproot-Zmumu.root"), 16384)) {
            try (EntryCursor c = f.tree("events").cursor(List.of("E1"))) {
                c.next();
                fail("read a basket of 18432 bytes with a bound of 16384");
            } catch (RootFormatException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("branch 'E1'")
                        && e.getMessage().contains("claims 18432 bytes uncompressed, more than the 16384 allowed"));
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Reads branch {@link #BRANCH} of a damaged sample file: the entries of the damaged basket, a run of at least
     * one, must each fail with {@code type} and the same message, naming that basket and its entries; every other
     * entry must give the value of the undamaged file. Returns the message.
     */
    private static String failingEntries(Path file, Class<? extends RootException> type) throws Exception {
        List<long[]> good = new ArrayList<>();
        try (RootFile f = RootFile.open(TestFiles.sample("uncompressed"));
                EntryCursor c = f.tree("sample").cursor(List.of(BRANCH))) {
            while (c.next()) {
                long[] v = new long[c.length(0)];
                c.readLongs(0, v, 0);
                good.add(v);
            }
        }
        String message = null;
        long firstFailed = -1;
        long lastFailed = -1;
        try (RootFile f = RootFile.open(file); EntryCursor c = f.tree("sample").cursor(List.of(BRANCH))) {
            for (int e = 0; e < good.size(); e++) {
                try {
                    assertTrue(c.next());
                    long[] v = new long[c.length(0)];
                    c.readLongs(0, v, 0);
                    assertArrayEquals("entry " + e, good.get(e), v);
                } catch (RootException x) {
                    assertEquals(x.toString(), type, x.getClass());
                    assertEquals(e, c.entry());
                    assertTrue(x.getMessage(), x.getMessage().startsWith(file.toString() + ": "));
                    if (message == null) {
                        message = x.getMessage();
                        firstFailed = e;
                    } else {
                        assertEquals("entry " + e + ": the same failure for each entry of the basket", message,
                                x.getMessage());
                        assertEquals("the failed entries are one basket's", lastFailed + 1, e);
                    }
                    lastFailed = e;
                    try {
                        c.getLong(0, 0);
                        fail("a failed entry has a value");
                    } catch (IllegalStateException expected) {
                        assertTrue(expected.getMessage(), expected.getMessage().contains("could not be read"));
                    }
                }
            }
            assertFalse(c.next());
        }
        assertNotNull("no entry failed", message);
        assertTrue(message, message.contains("(entries " + firstFailed + ".." + lastFailed + ") of branch '" + BRANCH
                + "' of tree 'sample'"));
        return message;
    }

    /** A change to a copy of a file, given where the data of a basket starts. */
    private interface BasketPatch {
        void apply(byte[] file, int dataStart);
    }

    /**
     * Copies {@code original} with {@code patch} applied to the first basket of {@link #BRANCH} whose data starts
     * with the compression tag {@code tag} (any basket if null).
     */
    private static Path patchBasket(Path original, String suffix, String tag, BasketPatch patch) {
        return TestFiles.patched(original, suffix, b -> {
            String marker = "\u0007TBasket" + (char) BRANCH.length() + BRANCH;
            for (int key = key(b, marker, 0); key >= 0; key = key(b, marker, key + 1)) {
                int data = dataOf(b, key);
                if (tag == null || tag.equals(new String(b, data, 2, StandardCharsets.ISO_8859_1))) {
                    patch.apply(b, data);
                    return b;
                }
            }
            throw new AssertionError("no basket of " + BRANCH + " compressed with " + tag + " in " + original);
        });
    }

    private static int key(byte[] b, String classAndName) {
        int k = key(b, classAndName, 0);
        assertTrue("no key " + classAndName, k >= 0);
        return k;
    }

    /**
     * The start of the next key, at or after {@code from}, of the class and name given as they are written (each
     * with its length byte): they follow a header of 26 bytes (32-bit offsets) or 34 (64-bit offsets, key version
     * above 1000). -1 if there is none.
     */
    private static int key(byte[] b, String classAndName, int from) {
        byte[] marker = classAndName.getBytes(StandardCharsets.ISO_8859_1);
        for (int at = indexOf(b, marker, from + 26); at > 0; at = indexOf(b, marker, at + 1)) {
            for (int header : new int[] {26, 34}) {
                if (at - header < from) {
                    continue;
                }
                ByteBuffer k = ByteBuffer.wrap(b, at - header, header);
                int nbytes = k.getInt();
                short version = k.getShort();
                if (nbytes > 0 && nbytes <= b.length - (at - header) && (version > 1000) == (header == 34)) {
                    return at - header;
                }
            }
        }
        return -1;
    }

    /** Where a key's object data starts: after its header of fKeylen bytes. */
    private static int dataOf(byte[] b, int key) {
        return key + ByteBuffer.wrap(b, key + 14, 2).getShort();
    }

    private static int indexOf(byte[] b, byte[] what, int from) {
        outer:
        for (int i = from; i <= b.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int u24(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16;
    }
}
