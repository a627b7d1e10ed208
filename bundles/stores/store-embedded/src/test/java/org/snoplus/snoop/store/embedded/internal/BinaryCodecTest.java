package org.snoplus.snoop.store.embedded.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.document.Shapes;
import org.snoplus.snoop.json.DocumentJson;

public class BinaryCodecTest {

    private static final long T = 1764362400000L;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final Map<Integer, Shape> shapes = new HashMap<>();
    private final Map<Shape.Key, Shape> byKey = new HashMap<>();
    private final DocumentCodec.Shapes stamps = new DocumentCodec.Shapes() {
        @Override
        public Shape shape(int id) {
            return shapes.get(id);
        }

        @Override
        public Shape shapeFor(Shape.Key key) {
            return byKey.computeIfAbsent(key, k -> {
                Shape s = new Shape(shapes.size() + 1, k.version(), k.instance(), k.leaves());
                shapes.put(s.id, s);
                return s;
            });
        }
    };
    private final MVStore memory = new MVStore.Builder().open();
    private final KeyDictionary keys = new KeyDictionary(memory.openMap("keys"));
    private final BinaryCodec codec = new BinaryCodec(stamps, keys);

    private static SampleDocument doc(Map<String, Object> data) {
        return new SampleDocument(SampleDocument.idOf("occupancy", "daq1", T), "occupancy", T, T - 2000, T, 7, "1.0.0",
                "daq1", 300000, 1999, data);
    }

    /** The JSON of {@code d} as a JSON store gives it back: written, read, written again. */
    private static String json(SampleDocument d) {
        return DocumentJson.toJson(DocumentJson.fromJson(DocumentJson.toJson(d)));
    }

    private SampleDocument roundTrip(SampleDocument d) {
        return codec.decode(d.name(), d.time(), codec.encode(d));
    }

    @Test
    public void everyKindOfValueReadsBackAsItsJsonFormWould() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("count", 5000L);
        data.put("int", 7);
        data.put("rate", 961.2941432015792);
        data.put("float", 0.1f);
        data.put("tiny", 1e-300);
        data.put("negative zero", -0.0);
        data.put("nan", Double.NaN);
        data.put("decimal", new BigDecimal("2.50"));
        data.put("ok", true);
        data.put("none", null);
        data.put("note", "two\nlines, \"quoted\", ünïcödé ✓");
        data.put("day", DayOfWeek.MONDAY);
        data.put("channels", Shapes.indexed("channels", new long[] {0, 7, Long.MAX_VALUE, -1, Long.MIN_VALUE}));
        data.put("ints", new int[] {1, -2});
        data.put("hist", Shapes.histogram(new double[] {0, 2.5, 5}, new long[] {3, 4}, 1, 0));
        data.put("edges", new double[] {-100, 0, 1e15, -0.0});
        double[] spaced = new double[101]; // a histogram's edges, made as Histogram makes them
        for (int i = 0; i <= 100; i++) {
            spaced[i] = -1000 + i / (100 / 2000.0);
        }
        data.put("spaced", spaced);
        data.put("tenths", new double[] {0, 0.1, 0.2, 0.30000000000000004, 0.4});
        data.put("almost", new double[] {0, 0.1, 0.2, 0.3});
        data.put("floats", new float[] {0.1f, 2f});
        data.put("odd", new double[] {1, Double.POSITIVE_INFINITY});
        data.put("list", List.of("a", 1L, 2.5, List.of(), Map.of("k", "v")));
        data.put("longs", List.of(1L, 2L, 3L));
        data.put("doubles", List.of(1.0, 2.0));
        data.put("chars", new char[] {'h', 'i'});
        data.put("empty", Map.of());
        data.put("nested", Map.of("deeper", Map.of("deepest", List.of(true, false))));
        SampleDocument d = doc(data);
        assertEquals(json(d), DocumentJson.toJson(roundTrip(d)));

        // beyond a long, which the JSON reader itself refuses: kept as it is
        BigInteger huge = new BigInteger("123456789012345678901234567890");
        assertEquals(huge, roundTrip(doc(Map.of("huge", huge))).data().get("huge"));
    }

    @Test
    public void randomDocumentsReadBackAsWritten() {
        Random r = new Random(5);
        for (int i = 0; i < 200; i++) {
            SampleDocument d = doc(randomObject(r, 0));
            assertEquals(json(d), DocumentJson.toJson(roundTrip(d)));
        }
    }

    private static Map<String, Object> randomObject(Random r, int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            m.put("k" + r.nextInt(20), randomValue(r, depth + 1));
        }
        return m;
    }

    private static Object randomValue(Random r, int depth) {
        switch (r.nextInt(depth > 3 ? 6 : 10)) {
            case 0:
                return r.nextLong();
            case 1:
                return r.nextDouble() * 1000 - 500;
            case 2:
                return "s" + r.nextInt();
            case 3:
                return r.nextBoolean();
            case 4:
                return null;
            case 5:
                return (long) r.nextInt(100);
            case 6:
                return r.longs(r.nextInt(50), -1000, 1000).toArray();
            case 7:
                return r.doubles(r.nextInt(20)).toArray();
            case 8:
                List<Object> l = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    l.add(randomValue(r, depth + 1));
                }
                return l;
            default:
                return randomObject(r, depth);
        }
    }

    @Test
    public void aFieldIsReadWithoutReadingTheOthers() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("channels", Shapes.indexed("channels", new long[9728]));
        data.put("events", 2000L);
        data.put("crates", Shapes.indexed("crates", new long[19]));
        byte[] value = codec.encode(doc(data));
        assertTrue("9728 zero counts take a byte each: " + value.length, value.length < 10_100);
        SampleDocument d = codec.decode("occupancy", T, value);
        assertEquals(2000L, d.data().get("events"));
        Map<?, ?> channels = (Map<?, ?>) d.data().get("channels");
        assertEquals("channels", channels.get("shape"));
        assertEquals(9728, ((long[]) channels.get("values")).length);
        assertNull(d.data().get("nothing"));
        assertEquals(3, d.data().size());
    }

    @Test
    public void keysAreNumbersKeptInTheStoreAndNewKeysBeyondTheDictionaryAreWrittenOut() throws Exception {
        Path file = tmp.newFile("keys.mv.db").toPath();
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        KeyDictionary dictionary = new KeyDictionary(store.openMap("keys"));
        BinaryCodec writer = new BinaryCodec(stamps, dictionary);
        byte[] value = writer.encode(doc(Map.of("events", 3L)));
        store.commit();
        store.close();

        MVStore again = new MVStore.Builder().fileName(file.toString()).open();
        MVMap<Integer, String> map = again.openMap("keys");
        BinaryCodec reader = new BinaryCodec(stamps, new KeyDictionary(map));
        assertEquals(3L, reader.decode("occupancy", T, value).data().get("events"));
        again.close();

        for (int i = keys.idFor("first"); i < KeyDictionary.MAX_KEYS; i++) {
            keys.idFor("key" + i);
        }
        assertEquals(0, keys.idFor("one too many"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("one too many", 1L);
        data.put("first", 2L);
        SampleDocument d = roundTrip(doc(data));
        assertEquals(1L, d.data().get("one too many"));
        assertEquals(2L, d.data().get("first"));
        assertEquals(json(doc(data)), DocumentJson.toJson(d));
    }

    @Test
    public void anOccupancyDocumentIsAThirdOfItsJson() {
        Random r = new Random(1);
        long[] channels = new long[9728];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = i % 24 == 0 ? 0 : 10 + r.nextInt(20);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("events", 1900L);
        data.put("channels", Shapes.indexed("channels", channels));
        SampleDocument d = doc(data);
        int json = DocumentJson.toJsonBytes(d).length;
        int stored = codec.encode(d).length;
        assertTrue(stored + " bytes stored for " + json + " of JSON", stored * 2.5 < json);
        assertArrayEquals(channels, (long[]) ((Map<?, ?>) roundTrip(d).data().get("channels")).get("values"));
    }
}
