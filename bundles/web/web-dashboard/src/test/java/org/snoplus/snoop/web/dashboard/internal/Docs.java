package org.snoplus.snoop.web.dashboard.internal;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.document.Shapes;
import org.snoplus.snoop.query.QueryService;
import org.snoplus.snoop.testing.SampleDocuments;

/**
 * Documents shaped as the demo's processors write them (the fields the default pages use), and a
 * query service over them that answers what the dashboard asks of it (the newest document, the
 * names). Made through a proxy so that it follows the query API as it grows.
 */
final class Docs {

    static final long T = 1_796_455_088_000L;

    final Map<String, SampleDocument> newest = new TreeMap<>();

    static Docs demo() {
        Docs d = new Docs();
        d.add(SampleDocuments.doc("rate", T, "rate", 1015.9, "peak", 1059.8, "events", 2030L));
        long[] counts = new long[100];
        counts[3] = 229;
        double[] edges = new double[101];
        for (int i = 0; i <= 100; i++) {
            edges[i] = 5.0 * i;
        }
        d.add(SampleDocuments.doc("nhit", T, "mean", 63.9, "rms", 122.5, "hist", Shapes.histogram(edges, counts, 0, 25),
                "per_trigger", Map.of("100L", Map.of("mean", 60.2, "hist", Shapes.histogram(edges, counts, 0, 0)))));
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("events", 1885L);
        window.put("channels", Shapes.indexed("channels", new double[9728]));
        window.put("cards", Shapes.indexed("cards", new double[304]));
        window.put("zero", 423L);
        d.add(SampleDocuments.doc("occupancy", T, "window", window));
        Map<String, Object> flag = new LinkedHashMap<>();
        flag.put("events", 1L);
        flag.put("hits", 1L);
        flag.put("hits.crates", Shapes.indexed("crates", new double[19]));
        d.add(SampleDocuments.doc("timing", T, "window", Map.of("flags", Map.of("cgt.es16", flag),
                "clock", Map.of("drift.ppm", 0.02))));
        d.add(SampleDocuments.doc("host", T, "heap.used", 59_666_200L, "cpu.process.load", 0.2));
        d.add(SampleDocuments.doc("triggers", T, "triggers", Shapes.table(List.of("bit", "name", "count"),
                List.of(List.of(0L, "100L", 1410L), List.of(1L, "100M", 902L)))));
        return d;
    }

    void add(SampleDocument doc) {
        newest.put(doc.name(), doc);
    }

    QueryService query() {
        return (QueryService) Proxy.newProxyInstance(Docs.class.getClassLoader(), new Class<?>[] {QueryService.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "latest" -> args.length == 1 ? newest.get((String) args[0]) : null;
                    case "names" -> new ArrayList<>(newest.keySet());
                    case "store" -> "test";
                    case "toString" -> "Docs";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    DataCheck.Lookup lookup(Set<String> running) {
        return new DataCheck.Lookup() {
            @Override
            public List<String> names() {
                return new ArrayList<>(newest.keySet());
            }

            @Override
            public SampleDocument latest(String name) {
                return newest.get(name);
            }

            @Override
            public Set<String> running() {
                return running;
            }
        };
    }
}
