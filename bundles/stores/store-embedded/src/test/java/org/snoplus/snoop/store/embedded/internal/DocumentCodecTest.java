package org.snoplus.snoop.store.embedded.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.Test;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.json.DocumentJson;

public class DocumentCodecTest {

    private static final long T = 1764362400000L;

    private final Map<Integer, Shape> shapes = new HashMap<>();
    private final Map<Shape.Key, Shape> byKey = new HashMap<>();
    private final DocumentCodec codec = new DocumentCodec(new DocumentCodec.Shapes() {
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
    });

    @Test
    public void scalarsAreReadWithoutParsingTheJson() {
        Map<String, Object> channels = new LinkedHashMap<>();
        channels.put("hot", 3L);
        channels.put("names", List.of("a", "b"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rate", 961.5);
        data.put("count", -7L);
        data.put("ok", false);
        data.put("status", "physics");
        data.put("none", null);
        data.put("channels", channels);
        data.put("used.fraction", 0.5);
        SampleDocument doc = new SampleDocument(SampleDocument.idOf("rate", "daq1", T), "rate", T, T - 2000,
                T, 7, "1.0.0", "daq1", 300000, 12, data);

        // spoil the JSON (its last byte, the data's closing brace): what needs no parsing still reads
        byte[] value = codec.encode(doc);
        value[value.length - 1] = 'x';
        Map<String, Object> stored = codec.decode(doc.name(), doc.time(), value).data();

        assertEquals(961.5, stored.get("rate"));
        assertEquals(-7L, stored.get("count"));
        assertEquals(false, stored.get("ok"));
        assertEquals("physics", stored.get("status"));
        assertEquals(null, stored.get("none"));
        assertTrue(stored.containsKey("none"));
        assertEquals(0.5, stored.get("used.fraction"));
        assertEquals(3L, ((Map<?, ?>) stored.get("channels")).get("hot"));
        try {
            ((Map<?, ?>) stored.get("channels")).get("names");
            fail("a list was read without the JSON");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("not a JSON document"));
        }
        assertEquals(doc, roundTrip(doc));
    }

    @Test
    public void theHeaderComesBackAsWritten() {
        SampleDocument custom = new SampleDocument("my-own-id", "rate", T, Long.MIN_VALUE / 2, T + 5, Long.MAX_VALUE,
                null, "ünï", -1, 0, Map.of());
        assertEquals(custom, roundTrip(custom));
        SampleDocument usual = new SampleDocument(SampleDocument.idOf("rate", "daq1", -T), "rate", -T, -T - 1, -T, 0,
                "1.0.0", "daq1", 300000, 5000, Map.of("x", 1L));
        assertEquals(usual, roundTrip(usual));
        assertEquals("the id is not stored when it is name@instance:time", roundTrip(usual).id(), usual.id());
    }

    @Test
    public void dataComesBackAsItsJsonReadsBack() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("int", 5);
        data.put("float", 1.1f);
        data.put("bytes", new byte[] {1, -2});
        data.put("longs", new long[] {Long.MIN_VALUE, 0});
        data.put("short", (short) 3);
        SampleDocument doc = new SampleDocument("id", "rate", T, T, T, 1, "1", "i", 1, 1, data);

        SampleDocument back = roundTrip(doc);

        assertEquals(DocumentJson.fromJson(DocumentJson.toJson(doc)), back);
        assertEquals(5L, back.data().get("int"));
        assertEquals(1.1, back.data().get("float"));
        assertEquals(3L, back.data().get("short"));
        assertEquals(List.of(1L, -2L), back.data().get("bytes"));
    }

    @Test
    public void dataThatIsNotJsonIsRejectedNamingTheDocument() {
        SampleDocument doc = new SampleDocument("rate@daq1:5", "rate", 5, 5, 5, 1, "1", "daq1", 1, 1,
                Map.of("thing", new Object()));
        try {
            codec.encode(doc);
            fail("encoded an Object");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("document rate@daq1:5 cannot be written as JSON"));
        }
    }

    @Test
    public void randomDataComesBackEqualAndEveryPathReadsTheSame() {
        Random random = new Random(42);
        for (int n = 0; n < 2000; n++) {
            Map<String, Object> data = object(random, 0);
            SampleDocument doc = new SampleDocument(SampleDocument.idOf("p", "daq1", T + n), "p", T + n, T, T + n, n,
                    "1.0." + random.nextInt(3), "daq1", random.nextInt(5) - 1, n * 3L, data);
            SampleDocument expected = DocumentJson.fromJson(DocumentJson.toJson(doc));

            SampleDocument back = roundTrip(doc);
            for (List<String> path : paths(expected.data(), new ArrayList<>(), new ArrayList<>())) {
                assertEquals(path.toString(), at(expected.data(), path), at(back.data(), path));
            }
            assertEquals(expected, back);
            assertEquals(back, expected);
            assertEquals(expected.hashCode(), back.hashCode());
            assertEquals(expected.toString(), back.toString());
        }
        assertTrue("shapes are shared: " + shapes.size(), shapes.size() < 2000);
    }

    private SampleDocument roundTrip(SampleDocument doc) {
        return codec.decode(doc.name(), doc.time(), codec.encode(doc));
    }

    private static Object at(Object value, List<String> path) {
        Object v = value;
        for (String key : path) {
            v = ((Map<?, ?>) v).get(key);
        }
        return v;
    }

    /** Every path of keys through objects, to every value. */
    private static List<List<String>> paths(Map<?, ?> object, List<String> prefix, List<List<String>> paths) {
        for (Map.Entry<?, ?> e : object.entrySet()) {
            List<String> p = new ArrayList<>(prefix);
            p.add((String) e.getKey());
            paths.add(p);
            if (e.getValue() instanceof Map<?, ?> m) {
                paths(m, p, paths);
            }
        }
        return paths;
    }

    private static final String[] KEYS = {"rate", "count", "a.b", "", "ünï", "hist", "x", "channels", "mean", "1"};

    private static Map<String, Object> object(Random random, int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = random.nextInt(depth == 0 ? 9 : 5);
        for (int i = 0; i < n; i++) {
            m.put(KEYS[random.nextInt(KEYS.length)] + (random.nextInt(4) == 0 ? i : ""), value(random, depth));
        }
        return m;
    }

    private static Object value(Random random, int depth) {
        switch (random.nextInt(depth < 3 ? 10 : 8)) {
            case 0:
                return null;
            case 1:
                return random.nextLong() >> random.nextInt(64);
            case 2:
                return random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
            case 3:
                return random.nextBoolean();
            case 4:
                return "s".repeat(random.nextInt(40)) + "✓";
            case 5:
                return (long) random.nextInt(10);
            case 6:
                return List.of(1L, "two", 3.5);
            case 7:
                return -0.0;
            default:
                return object(random, depth + 1);
        }
    }
}
