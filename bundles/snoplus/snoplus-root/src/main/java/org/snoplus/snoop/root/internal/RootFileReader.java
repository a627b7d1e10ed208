package org.snoplus.snoop.root.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.snoplus.snoop.root.RootException;
import org.snoplus.snoop.root.RootFile;
import org.snoplus.snoop.root.RootFormatException;
import org.snoplus.snoop.root.RootTree;

/**
 * Opens a ROOT file: the header, the key lists of the top directory and its subdirectories, and the streamer
 * information. The layout, as ROOT's TFile documents it:
 * <pre>
 *  0 "root", version (int32; +1000000 in files with 64-bit offsets), fBEGIN (int32),
 *    fEND, fSeekFree (int32, or int64 in large files), fNbytesFree, nfree, fNbytesName (int32), fUnits (byte),
 *    fCompress (int32), fSeekInfo (int32/int64), fNbytesInfo (int32), UUID
 *  fBEGIN: the key of the file itself; at fBEGIN + fNbytesName its directory record
 *    (version int16: above 1000 = 64-bit offsets, two dates, fNbytesKeys, fNbytesName, fSeekDir, fSeekParent,
 *    fSeekKeys)
 *  fSeekKeys: a key, then the number of keys and one key header per object in the directory
 *  fSeekInfo: a key holding the TList of TStreamerInfo
 * </pre>
 */
public final class RootFileReader implements RootFile {

    private static final int HEADER_READ = 128;
    private static final int MAX_DIRECTORY_DEPTH = 16;
    private static final Set<String> TREE_CLASSES = Set.of("TTree", "TNtuple", "TNtupleD");
    private static final Set<String> DIRECTORY_CLASSES = Set.of("TDirectory", "TDirectoryFile");

    private final FileSource source;
    private final long maxObjectBytes;
    private final int rootVersion;
    private final Streamers streamers;
    /** Tree name (with directory path) to its key, newest cycle. */
    private final Map<String, KeyHeader> treeKeys = new LinkedHashMap<>();
    private final Map<String, TreeReader> trees = new LinkedHashMap<>();
    private final Unzipper unzipper = new Unzipper();

    private RootFileReader(FileSource source, long maxObjectBytes) throws IOException {
        this.source = source;
        this.maxObjectBytes = maxObjectBytes;
        Path path = source.path();
        long length = source.length();

        byte[] head = new byte[(int) Math.min(length, HEADER_READ)];
        source.read(0, head, 0, head.length, "file header");
        if (head.length < 4 || head[0] != 'r' || head[1] != 'o' || head[2] != 'o' || head[3] != 't') {
            throw new RootFormatException(path, "file header", 0, "not a ROOT file: it starts with "
                    + quote(head) + " instead of \"root\"");
        }
        ByteReader r = new ByteReader(head, 4, head.length, Origin.raw(path, "file header", 0));
        int version = r.i32();
        boolean large = version >= 1000000;
        this.rootVersion = version % 1000000;
        long begin = r.i32();
        long end = large ? r.i64() : r.u32();
        if (large) {
            r.i64(); // fSeekFree
        } else {
            r.u32();
        }
        r.i32(); // fNbytesFree
        r.i32(); // nfree
        int nbytesName = r.i32();
        r.u8(); // fUnits
        r.i32(); // fCompress
        long seekInfo = large ? r.i64() : r.u32();
        int nbytesInfo = r.i32();
        if (end > length) {
            throw new RootFormatException(path, "file header", length, "the file is truncated: its header says it is "
                    + end + " bytes long but it has " + length + " bytes (an unfinished or incomplete copy)");
        }
        if (begin < 4 || begin >= end || nbytesName < 0 || nbytesName > end - begin) {
            throw r.error("impossible header: fBEGIN " + begin + ", fEND " + end + ", fNbytesName " + nbytesName);
        }

        Directory top = readDirectory(begin + nbytesName, "top directory");
        this.streamers = readStreamers(seekInfo, nbytesInfo);
        collectTrees(top, "", 0, new HashSet<>());
    }

    /** Opens a file; closes it again if anything in its header or directories is wrong. */
    public static RootFile open(Path path, long maxObjectBytes) throws IOException {
        if (maxObjectBytes <= 0 || maxObjectBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxObjectBytes must be in 1.." + (Integer.MAX_VALUE - 16));
        }
        FileSource source = new FileSource(path);
        try {
            return new RootFileReader(source, maxObjectBytes);
        } catch (IOException | RuntimeException | Error e) {
            source.close();
            throw e;
        }
    }

    /** A directory record: where its key list is. */
    private record Directory(long seekKeys, int nbytesKeys, String name) {
    }

    private Directory readDirectory(long pos, String name) throws IOException {
        // version (2) + 2 dates (8) + two int32 (8) + three offsets of up to 8 bytes (24)
        int len = (int) Math.min(42, source.length() - Math.min(pos, source.length()));
        byte[] b = source.read(pos, len, name);
        return parseDirectory(new ByteReader(b, 0, b.length, Origin.raw(source.path(), name, pos)), name);
    }

    private static Directory parseDirectory(ByteReader r, String name) throws RootFormatException {
        int version = r.i16();
        r.u32(); // created
        r.u32(); // modified
        int nbytesKeys = r.i32();
        r.i32(); // fNbytesName
        boolean large = version > 1000;
        if (large) {
            r.i64(); // fSeekDir
            r.i64(); // fSeekParent
        } else {
            r.u32();
            r.u32();
        }
        long seekKeys = large ? r.i64() : r.u32();
        if (nbytesKeys < 0) {
            throw r.error(name + " has a negative key list size " + nbytesKeys);
        }
        return new Directory(seekKeys, nbytesKeys, name);
    }

    private List<KeyHeader> readKeys(Directory dir) throws IOException {
        if (dir.seekKeys == 0) {
            return List.of(); // an empty directory never written a key list
        }
        String what = "key list of the " + dir.name;
        byte[] b = source.read(dir.seekKeys, dir.nbytesKeys, what);
        ByteReader r = new ByteReader(b, 0, b.length, Origin.raw(source.path(), what, dir.seekKeys));
        KeyHeader self = KeyHeader.read(r, dir.seekKeys);
        r.seek(self.keyLen(), "key list start");
        int n = r.count(r.i32(), KeyHeader.MIN_SIZE, "the number of keys");
        List<KeyHeader> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int at = r.pos();
            KeyHeader k = KeyHeader.read(r, 0);
            // the listed header tells where the record is; it is checked against the record itself when read
            if (k.seekKey() <= 0 || k.seekKey() >= source.length()) {
                throw r.origin().error(at, "key '" + k.name() + "' points to file offset " + k.seekKey()
                        + ", outside the file (" + source.length() + " bytes)");
            }
            keys.add(new KeyHeader(k.seekKey(), k.nbytes(), k.version(), k.objLen(), k.keyLen(), k.cycle(),
                    k.seekKey(), k.seekPdir(), k.className(), k.name(), k.title()));
        }
        return keys;
    }

    private void collectTrees(Directory dir, String prefix, int depth, Set<Long> seen) throws IOException {
        if (depth > MAX_DIRECTORY_DEPTH || !seen.add(dir.seekKeys)) {
            throw new RootFormatException(source.path(), dir.name, dir.seekKeys,
                    "directories nested more than " + MAX_DIRECTORY_DEPTH + " deep or in a loop");
        }
        for (KeyHeader k : readKeys(dir)) {
            String name = prefix + k.name();
            if (DIRECTORY_CLASSES.contains(k.className())) {
                String what = "directory '" + name + "'";
                byte[] data = readObject(k, what);
                Directory sub = parseDirectory(new ByteReader(data, 0, data.length,
                        Origin.uncompressed(source.path(), what, k.position())), what);
                collectTrees(sub, name + "/", depth + 1, seen);
            } else if (TREE_CLASSES.contains(k.className()) || streamers.inherits(k.className(), "TTree")) {
                KeyHeader old = treeKeys.get(name);
                if (old == null || old.cycle() < k.cycle()) {
                    treeKeys.put(name, k);
                }
            }
        }
    }

    private Streamers readStreamers(long seekInfo, int nbytesInfo) throws IOException {
        if (seekInfo <= 0 || nbytesInfo <= 0) {
            return Streamers.NONE; // then any tree fails with "no streamer information for TTree"
        }
        String what = "streamer information";
        byte[] rec = source.read(seekInfo, nbytesInfo, what);
        KeyHeader key = KeyHeader.read(new ByteReader(rec, 0, rec.length, Origin.raw(source.path(), what, seekInfo)),
                seekInfo);
        byte[] data = readObject(key, what);
        ObjectReader or = new ObjectReader(new ByteReader(data, 0, data.length,
                Origin.uncompressed(source.path(), what, seekInfo)), Streamers.NONE, key.keyLen());
        RObject list = new RObject(key.className());
        or.readInto(key.className(), list, 0, true);
        List<StreamerInfo> infos = new ArrayList<>();
        if (list.items != null) {
            for (Object item : list.items) {
                if (item instanceof RObject o && o.className.equals("TStreamerInfo") && o.problem == null) {
                    infos.add(toStreamerInfo(o));
                }
            }
        }
        return new Streamers(infos);
    }

    private static StreamerInfo toStreamerInfo(RObject o) {
        List<StreamerInfo.Element> elements = new ArrayList<>();
        RObject arr = o.object("fElements");
        if (arr != null && arr.items != null) {
            for (Object item : arr.items) {
                if (item instanceof RObject e) {
                    elements.add(new StreamerInfo.Element(e.string("fName"), e.string("fTitle"),
                            (int) e.number("fType", -1), (int) e.number("fArrayLength", 0), e.string("fTypeName"),
                            e.string("fCountName"), e.className.equals("TStreamerBase")));
                }
            }
        }
        return new StreamerInfo(o.string("fName"), (int) o.number("fClassVersion", -1), o.number("fCheckSum", 0),
                List.copyOf(elements));
    }

    /**
     * Reads the object data of a key, uncompressed. The record on disk is read whole (its size checked against the
     * file), its own header compared with the one the directory listed, and any compression undone after the block
     * headers have been checked to add up to the object length and that length against {@code maxObjectBytes}.
     */
    byte[] readObject(KeyHeader listed, String what) throws IOException {
        byte[] rec = source.read(listed.position(), listed.nbytes(), what);
        ByteReader r = new ByteReader(rec, 0, rec.length, Origin.raw(source.path(), what, listed.position()));
        KeyHeader k = KeyHeader.read(r, listed.position());
        if (k.nbytes() != listed.nbytes() || k.keyLen() != listed.keyLen() || k.objLen() != listed.objLen()
                || !k.className().equals(listed.className())) {
            throw new RootFormatException(source.path(), what, listed.position(), "the key record here ("
                    + k.className() + " '" + k.name() + "', " + k.nbytes() + " bytes) does not match the directory's"
                    + " entry (" + listed.className() + " '" + listed.name() + "', " + listed.nbytes() + " bytes)");
        }
        return uncompress(rec, k, what);
    }

    private byte[] uncompress(byte[] rec, KeyHeader k, String what) throws RootException {
        if (!k.compressed()) {
            return Arrays.copyOfRange(rec, k.keyLen(), k.keyLen() + k.objLen());
        }
        Origin origin = Origin.raw(source.path(), what, k.dataPosition());
        checkSize(rec, k, origin, maxObjectBytes);
        byte[] out = new byte[k.objLen()];
        synchronized (unzipper) {
            unzipper.unzip(rec, k.keyLen(), k.storedLen(), out, k.objLen(), origin);
        }
        return out;
    }

    /** Refuses an object whose compressed blocks do not add up to its length, or that is larger than allowed. */
    static void checkSize(byte[] rec, KeyHeader k, Origin origin, long maxObjectBytes) throws RootFormatException {
        if (k.objLen() > maxObjectBytes) {
            throw origin.error(0, "the object claims " + k.objLen() + " bytes uncompressed, more than the "
                    + maxObjectBytes + " allowed");
        }
        long declared = Unzipper.declaredSize(rec, k.keyLen(), k.storedLen(), origin);
        if (declared != k.objLen()) {
            throw origin.error(0, "the compressed blocks add up to " + declared + " bytes but the key says "
                    + k.objLen());
        }
    }

    @Override
    public Path path() {
        return source.path();
    }

    @Override
    public int rootVersion() {
        return rootVersion;
    }

    @Override
    public List<String> trees() {
        return List.copyOf(treeKeys.keySet());
    }

    @Override
    public synchronized RootTree tree(String name) throws IOException {
        TreeReader t = trees.get(name);
        if (t != null) {
            return t;
        }
        KeyHeader key = treeKeys.get(name);
        if (key == null) {
            throw new IllegalArgumentException(source.path() + " has no tree '" + name + "' (trees: " + treeKeys.keySet()
                    + ")");
        }
        String what = "tree '" + name + "'";
        byte[] data = readObject(key, what);
        ObjectReader or = new ObjectReader(new ByteReader(data, 0, data.length,
                Origin.uncompressed(source.path(), what, key.position())), streamers, key.keyLen());
        RObject tree = new RObject(key.className());
        or.readInto(key.className(), tree, 0, true);
        if (tree.problem != null) {
            throw new RootFormatException(source.path(), what, key.position(), "its metadata cannot be read: "
                    + tree.problem);
        }
        t = new TreeReader(this, name, tree, key.position());
        trees.put(name, t);
        return t;
    }

    FileSource source() {
        return source;
    }

    long maxObjectBytes() {
        return maxObjectBytes;
    }

    @Override
    public void close() throws IOException {
        try {
            source.close();
        } finally {
            synchronized (unzipper) {
                unzipper.close();
            }
        }
    }

    @Override
    public String toString() {
        return "RootFile[" + source.path() + ", ROOT " + rootVersion + ", trees " + treeKeys.keySet() + "]";
    }

    private static String quote(byte[] head) {
        int n = Math.min(4, head.length);
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < n; i++) {
            int c = head[i] & 0xff;
            sb.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.append('"').toString();
    }

}
