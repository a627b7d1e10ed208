package org.snoplus.snoop.root.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.snoplus.snoop.root.RootException;
import org.snoplus.snoop.root.RootFormatException;

/**
 * Reads streamed ROOT objects (TTree, TBranch, TLeaf…, and the streamer information itself) from one
 * buffer, the way ROOT's TBufferFile writes them:
 * <ul>
 * <li>an object starts with a 32-bit byte count (flagged with bit 30) and a 16-bit class version; the byte
 * count is what lets a reader skip an object it cannot interpret, and it is used so here;</li>
 * <li>its members follow in the order of the class's TStreamerInfo for that version, base classes first;</li>
 * <li>a pointer member is written with a class tag: a new class name, a reference to a class name already
 * written, or a reference to an object already written (as a leaf's counter leaf is), all keyed by their
 * position in the buffer counted from the start of the key record (hence {@code tagOffset}, the key length).</li>
 * </ul>
 * A few classes have hand-written streamers in ROOT and are read by hand here: TObject, TNamed, TList,
 * TObjArray, TObjString, TArray*, TString, and the TStreamerInfo/TStreamerElement family that bootstraps
 * everything else.
 *
 * <p>An object that cannot be interpreted (no layout for its class version, a member type not read here) is
 * skipped by its byte count and marked with {@link RObject#problem}; the caller decides whether it needed it.
 * Nesting is bounded, and every count is checked against the bytes left, so damaged data ends in a
 * {@link RootFormatException}, never a stack overflow or a huge allocation.
 */
final class ObjectReader {

    private static final long BYTE_COUNT_MASK = 0x40000000L;
    private static final long NEW_CLASS_TAG = 0xFFFFFFFFL;
    private static final long CLASS_MASK = 0x80000000L;
    private static final int MAP_OFFSET = 2;
    private static final int MAX_DEPTH = 64;
    /** TObject's fBits flag saying a process id follows. */
    private static final long IS_REFERENCED = 1L << 4;
    /** TStreamerElement's fBits flag for a Double32_t/Float16_t range in the title. */
    private static final long HAS_RANGE = 1L << 6;

    // ROOT's TStreamerInfo type codes (TVirtualStreamerInfo::EReadWrite)
    private static final int K_BASE = 0;
    private static final int K_CHAR = 1;
    private static final int K_SHORT = 2;
    private static final int K_INT = 3;
    private static final int K_LONG = 4;
    private static final int K_FLOAT = 5;
    private static final int K_COUNTER = 6;
    private static final int K_CHAR_STAR = 7;
    private static final int K_DOUBLE = 8;
    private static final int K_DOUBLE32 = 9;
    private static final int K_LEGACY_CHAR = 10;
    private static final int K_UCHAR = 11;
    private static final int K_USHORT = 12;
    private static final int K_UINT = 13;
    private static final int K_ULONG = 14;
    private static final int K_BITS = 15;
    private static final int K_LONG64 = 16;
    private static final int K_ULONG64 = 17;
    private static final int K_BOOL = 18;
    private static final int K_OFFSET_L = 20;
    private static final int K_OFFSET_P = 40;
    private static final int K_OBJECT = 61;
    private static final int K_ANY = 62;
    private static final int K_OBJECT_P_ARROW = 63; // kObjectp: pointer marked "//->", streamed in place
    private static final int K_OBJECT_P = 64;
    private static final int K_TSTRING = 65;
    private static final int K_TOBJECT = 66;
    private static final int K_TNAMED = 67;
    private static final int K_ANY_P_ARROW = 68; // kAnyp
    private static final int K_ANY_P = 69;

    private final ByteReader r;
    private final Streamers streamers;
    private final long tagOffset;
    private final Map<Long, String> classTags = new HashMap<>();
    private final Map<Long, Object> objectTags = new HashMap<>();

    ObjectReader(ByteReader r, Streamers streamers, long tagOffset) {
        this.r = r;
        this.streamers = streamers;
        this.tagOffset = tagOffset;
    }

    /** A class version header: the version, and where the object ends if it has a byte count (else -1). */
    private record Header(int version, long end) {
    }

    private Header readHeader(String className) throws RootFormatException {
        int at = r.pos();
        long bc = r.u32();
        if ((bc & BYTE_COUNT_MASK) != 0 && (bc & CLASS_MASK) == 0) {
            long end = r.pos() + (bc & ~BYTE_COUNT_MASK);
            if (end > r.end() || (bc & ~BYTE_COUNT_MASK) < 2) {
                throw r.error("the byte count of a " + className + " (" + (bc & ~BYTE_COUNT_MASK)
                        + " bytes) runs past the end of the data");
            }
            return new Header(r.i16(), end);
        }
        r.seek(at, "version header");
        return new Header(r.i16(), -1);
    }

    /** Reads an object written through a pointer: class tag, then the object. */
    Object readObjectAny(int depth) throws RootException {
        checkDepth(depth);
        int start = r.pos();
        long objectTag = tagOffset + start + MAP_OFFSET;
        long bc = r.u32();
        long tag;
        long end = -1;
        int tagPos;
        if ((bc & BYTE_COUNT_MASK) == 0 || bc == NEW_CLASS_TAG) {
            tag = bc;
            tagPos = start;
        } else {
            tagPos = r.pos();
            end = tagPos + (bc & ~BYTE_COUNT_MASK & ~CLASS_MASK);
            if (end > r.end()) {
                throw r.error("the byte count of an object (" + (end - tagPos) + " bytes) runs past the end of the data");
            }
            tag = r.u32();
        }
        if ((tag & CLASS_MASK) == 0) {
            // null, or a reference to an object read before (a leaf's counter leaf)
            return tag == 0 ? null : objectTags.get(tag);
        }
        String className;
        if (tag == NEW_CLASS_TAG) {
            className = r.cstring(1024);
            classTags.put(tagOffset + tagPos + MAP_OFFSET, className);
        } else {
            className = classTags.get(tag & ~CLASS_MASK);
            if (className == null) {
                if (end < 0) {
                    throw r.error("reference to an unknown class tag " + (tag & ~CLASS_MASK));
                }
                RObject unknown = new RObject("?");
                unknown.problem = "reference to an unknown class tag " + (tag & ~CLASS_MASK);
                r.seek(end, "object end");
                return unknown;
            }
        }
        Object value;
        if (isArrayClass(className) || className.equals("TString")) {
            value = readValue(className, depth + 1);
            objectTags.put(objectTag, value);
        } else {
            RObject o = new RObject(className);
            // mapped before reading: members may refer back to the object
            objectTags.put(objectTag, o);
            try {
                readInto(className, o, depth + 1, true);
            } catch (RootException e) {
                if (end < 0) {
                    throw e;
                }
                o.problem = e.detail();
            }
            value = o;
        }
        if (end >= 0) {
            if (r.pos() != end && value instanceof RObject o && o.problem == null) {
                o.problem = className + " took " + (r.pos() - tagPos) + " bytes, its byte count says " + (end - tagPos);
            }
            r.seek(end, "object end");
        }
        return value;
    }

    /** Reads a member stored in place: strings and arrays as values, everything else as an {@link RObject}. */
    Object readValue(String className, int depth) throws RootException {
        switch (className) {
            case "TString":
                return r.tstring();
            case "TArrayC":
                return bytes(r.count(r.i32(), 1, className));
            case "TArrayS":
                return shorts(r.count(r.i32(), 2, className));
            case "TArrayI":
                return ints(r.count(r.i32(), 4, className));
            case "TArrayL":
            case "TArrayL64":
                return longs(r.count(r.i32(), 8, className));
            case "TArrayF":
                return floats(r.count(r.i32(), 4, className));
            case "TArrayD":
                return doubles(r.count(r.i32(), 8, className));
            default:
                RObject o = new RObject(className);
                readInto(className, o, depth, true);
                return o;
        }
    }

    private static boolean isArrayClass(String c) {
        return c.startsWith("TArray") && c.length() <= 9;
    }

    /**
     * Reads the members of {@code className} into {@code target}; for a base class, {@code target} is the
     * derived object, so that members end up flat as ROOT's layout has them.
     */
    void readInto(String className, RObject target, int depth, boolean top) throws RootException {
        checkDepth(depth);
        switch (className) {
            case "TObject" -> readTObject(target);
            case "TNamed" -> {
                Header h = readHeader(className);
                readTObject(target);
                target.fields.put("fName", r.tstring());
                target.fields.put("fTitle", r.tstring());
                finish(h, className, target);
            }
            case "TList", "THashList" -> readList(className, target, depth);
            case "TObjArray" -> readObjArray(className, target, depth);
            case "TObjString" -> {
                Header h = readHeader(className);
                readTObject(target);
                target.fields.put("fString", r.tstring());
                finish(h, className, target);
            }
            case "TStreamerInfo" -> {
                Header h = readHeader(className);
                target.version = h.version;
                readInto("TNamed", target, depth + 1, false);
                target.fields.put("fCheckSum", r.u32());
                target.fields.put("fClassVersion", r.i32());
                target.fields.put("fElements", readObjectAny(depth + 1));
                finish(h, className, target);
            }
            default -> {
                if (className.startsWith("TStreamer")) {
                    readStreamerElement(className, target, depth);
                } else {
                    readByStreamerInfo(className, target, depth, top);
                }
            }
        }
    }

    private void readTObject(RObject target) throws RootFormatException {
        readHeader("TObject");
        target.fields.put("fUniqueID", r.u32());
        long bits = r.u32();
        target.fields.put("fBits", bits);
        if ((bits & IS_REFERENCED) != 0) {
            r.u16(); // the process id of a referenced object
        }
    }

    private void readList(String className, RObject target, int depth) throws RootException {
        Header h = readHeader(className);
        target.version = h.version;
        if (h.version > 3) {
            readTObject(target);
            target.fields.put("fName", r.tstring());
            int n = r.count(r.i32(), 5, className + " size");
            target.items = RObject.newItems(n);
            for (int i = 0; i < n; i++) {
                target.items.add(readObjectAny(depth + 1));
                int option = r.u8();
                r.skip(option == 255 ? r.i32() : option);
            }
        } else {
            target.items = List.of();
        }
        finish(h, className, target);
    }

    private void readObjArray(String className, RObject target, int depth) throws RootException {
        Header h = readHeader(className);
        target.version = h.version;
        if (h.version > 2) {
            readTObject(target);
        }
        if (h.version > 1) {
            target.fields.put("fName", r.tstring());
        }
        int n = r.count(r.i32(), 4, className + " size");
        r.i32(); // lower bound
        target.items = RObject.newItems(n);
        for (int i = 0; i < n; i++) {
            target.items.add(readObjectAny(depth + 1));
        }
        finish(h, className, target);
    }

    /** TStreamerElement and its subclasses: the common part, then the few extras that matter here. */
    private void readStreamerElement(String className, RObject target, int depth) throws RootException {
        Header outer = readHeader(className);
        target.version = outer.version;
        if (!className.equals("TStreamerElement")) {
            Header h = readHeader("TStreamerElement");
            readElementBody(h, target, depth);
            finish(h, "TStreamerElement", target);
        } else {
            readElementBody(outer, target, depth);
        }
        switch (className) {
            case "TStreamerBase" -> {
                if (outer.version > 2) {
                    target.fields.put("fBaseVersion", r.i32());
                }
            }
            case "TStreamerBasicPointer", "TStreamerLoop" -> {
                target.fields.put("fCountVersion", r.i32());
                target.fields.put("fCountName", r.tstring());
                target.fields.put("fCountClass", r.tstring());
            }
            default -> {
                // other subclasses add nothing this reader needs; their byte count skips the rest
            }
        }
        if (outer.end >= 0) {
            r.seek(outer.end, className + " end");
        }
    }

    private void readElementBody(Header h, RObject e, int depth) throws RootException {
        readInto("TNamed", e, depth + 1, false);
        int type = r.i32();
        r.i32(); // size
        e.fields.put("fArrayLength", r.i32());
        r.i32(); // dimensions
        if (h.version == 1) {
            r.skip(4L * r.count(r.i32(), 4, "TStreamerElement dimensions"));
        } else {
            r.skip(4 * 5);
        }
        String typeName = r.tstring();
        if (type == K_UCHAR && (typeName.equals("Bool_t") || typeName.equals("bool"))) {
            type = K_BOOL; // old files wrote bool members as unsigned char
        }
        e.fields.put("fType", type);
        e.fields.put("fTypeName", typeName);
        if (h.version == 3) {
            r.skip(3 * 8); // fXmin, fXmax, fFactor
            e.fields.put("hasRange", Boolean.TRUE);
        } else if ((e.number("fBits", 0) & HAS_RANGE) != 0) {
            e.fields.put("hasRange", Boolean.TRUE);
        }
    }

    /** A class with no hand-written streamer: its members as the file's TStreamerInfo for its version lists them. */
    private void readByStreamerInfo(String className, RObject target, int depth, boolean top) throws RootException {
        Header h = readHeader(className);
        if (top) {
            target.version = h.version;
        }
        StreamerInfo info = streamers.find(className, h.version);
        if (info == null && h.version <= 0 && h.end >= 0 && r.remaining() >= 4) {
            // a class without ClassDef: a checksum names its layout
            int at = r.pos();
            info = streamers.findByChecksum(className, r.u32());
            if (info == null) {
                r.seek(at, "checksum");
            }
        }
        if (info == null) {
            String why = "the file has no streamer information for " + className + " version " + h.version;
            if (h.end < 0) {
                throw r.origin().unsupported(r.pos(), why);
            }
            problem(target, why);
            r.seek(h.end, className + " end");
            return;
        }
        try {
            for (StreamerInfo.Element e : info.elements()) {
                readMember(e, target, depth);
            }
        } catch (RootException e) {
            if (h.end < 0) {
                throw e;
            }
            problem(target, className + " v" + h.version + ": " + detail(e));
            r.seek(h.end, className + " end");
            return;
        }
        finish(h, className, target);
    }

    private void readMember(StreamerInfo.Element e, RObject o, int depth) throws RootException {
        int t = e.type();
        String name = e.name();
        if (e.base() || t == K_BASE) {
            if (e.name().equals("TObject")) {
                readTObject(o);
            } else {
                readInto(e.name(), o, depth + 1, false);
            }
            return;
        }
        if (t > 0 && t < K_OFFSET_L) {
            o.fields.put(name, readBasic(t, e));
        } else if (t > K_OFFSET_L && t < K_OFFSET_P) {
            o.fields.put(name, readBasicArray(t - K_OFFSET_L, e.arrayLength(), e));
        } else if (t > K_OFFSET_P && t < K_OFFSET_P + 20) {
            // a pointer to an array whose length is another member, written after a one-byte "present" flag
            int present = r.u8();
            long n = o.number(e.countName(), -1);
            if (present == 0) {
                o.fields.put(name, readBasicArray(t - K_OFFSET_P, 0, e));
            } else if (n < 0) {
                throw r.origin().unsupported(r.pos(), "member " + name + " counts by '" + e.countName()
                        + "', which was not read before it");
            } else {
                o.fields.put(name, readBasicArray(t - K_OFFSET_P, n, e));
            }
        } else {
            switch (t) {
                case K_OBJECT, K_ANY, K_OBJECT_P_ARROW, K_ANY_P_ARROW -> o.fields.put(name, readValue(strip(e.typeName()), depth + 1));
                case K_OBJECT_P, K_ANY_P -> {
                    if (e.arrayLength() > 1) {
                        int n = r.count(e.arrayLength(), 4, name);
                        List<Object> list = RObject.newItems(n);
                        for (int i = 0; i < n; i++) {
                            list.add(readObjectAny(depth + 1));
                        }
                        o.fields.put(name, list);
                    } else {
                        o.fields.put(name, readObjectAny(depth + 1));
                    }
                }
                case K_TSTRING -> o.fields.put(name, r.tstring());
                case K_TOBJECT -> {
                    RObject sub = new RObject("TObject");
                    readTObject(sub);
                    o.fields.put(name, sub);
                }
                case K_TNAMED -> o.fields.put(name, readValue("TNamed", depth + 1));
                default -> throw r.origin().unsupported(r.pos(), "member " + name + " of type " + e.typeName()
                        + " (streamer type " + t + ") is not read by this reader");
            }
        }
    }

    private Object readBasic(int t, StreamerInfo.Element e) throws RootException {
        return switch (t) {
            case K_CHAR, K_LEGACY_CHAR -> (byte) r.u8();
            case K_UCHAR -> r.u8();
            case K_SHORT -> (short) r.i16();
            case K_USHORT -> r.u16();
            case K_INT, K_COUNTER -> r.i32();
            case K_UINT, K_BITS -> r.u32();
            case K_LONG, K_LONG64, K_ULONG, K_ULONG64 -> r.i64();
            case K_FLOAT -> r.f32();
            case K_DOUBLE -> r.f64();
            case K_BOOL -> r.u8() != 0;
            case K_DOUBLE32 -> {
                if (e.title().contains("[") && e.title().contains(",")) {
                    throw r.origin().unsupported(r.pos(), "member " + e.name() + " is a packed Double32_t");
                }
                yield (double) r.f32();
            }
            case K_CHAR_STAR -> {
                int n = r.count(r.i32(), 1, e.name());
                r.skip(n);
                yield "";
            }
            default -> throw r.origin().unsupported(r.pos(), "member " + e.name() + " of type " + e.typeName()
                    + " (streamer type " + t + ") is not read by this reader");
        };
    }

    private Object readBasicArray(int t, long count, StreamerInfo.Element e) throws RootException {
        String what = "member " + e.name();
        switch (t) {
            case K_CHAR, K_UCHAR, K_LEGACY_CHAR:
                return bytes(r.count(count, 1, what));
            case K_BOOL: {
                int n = r.count(count, 1, what);
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = r.u8() != 0;
                }
                return a;
            }
            case K_SHORT, K_USHORT:
                return shorts(r.count(count, 2, what));
            case K_INT, K_UINT, K_COUNTER, K_BITS:
                return ints(r.count(count, 4, what));
            case K_LONG, K_ULONG, K_LONG64, K_ULONG64:
                return longs(r.count(count, 8, what));
            case K_FLOAT:
                return floats(r.count(count, 4, what));
            case K_DOUBLE:
                return doubles(r.count(count, 8, what));
            default:
                throw r.origin().unsupported(r.pos(), what + ": arrays of streamer type " + t
                        + " are not read by this reader");
        }
    }

    private byte[] bytes(int n) throws RootFormatException {
        byte[] a = new byte[n];
        for (int i = 0; i < n; i++) {
            a[i] = (byte) r.u8();
        }
        return a;
    }

    private short[] shorts(int n) throws RootFormatException {
        short[] a = new short[n];
        for (int i = 0; i < n; i++) {
            a[i] = (short) r.i16();
        }
        return a;
    }

    private int[] ints(int n) throws RootFormatException {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.i32();
        }
        return a;
    }

    private long[] longs(int n) throws RootFormatException {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.i64();
        }
        return a;
    }

    private float[] floats(int n) throws RootFormatException {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.f32();
        }
        return a;
    }

    private double[] doubles(int n) throws RootFormatException {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.f64();
        }
        return a;
    }

    private void finish(Header h, String className, RObject target) throws RootFormatException {
        if (h.end >= 0) {
            if (r.pos() != h.end) {
                problem(target, className + " v" + h.version + " was read up to byte " + r.pos()
                        + " but its byte count says it ends at " + h.end);
            }
            r.seek(h.end, className + " end");
        }
    }

    private static void problem(RObject target, String why) {
        if (target.problem == null) {
            target.problem = why;
        }
    }

    private static String detail(RootException e) {
        return e.detail();
    }

    private static String strip(String typeName) {
        String t = typeName.trim();
        while (t.endsWith("*")) {
            t = t.substring(0, t.length() - 1).trim();
        }
        return t;
    }

    private void checkDepth(int depth) throws RootFormatException {
        if (depth > MAX_DEPTH) {
            throw r.error("objects nested more than " + MAX_DEPTH + " deep: the data is corrupt");
        }
    }
}
