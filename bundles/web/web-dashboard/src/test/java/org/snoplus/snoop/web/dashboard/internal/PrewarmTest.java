package org.snoplus.snoop.web.dashboard.internal;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.QueryService;
import org.snoplus.snoop.testing.SampleDocuments;

/** What the warm-up asks: one question per processor plotted over time, over at least a day. */
public class PrewarmTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void oneQuestionPerProcessorOverItsLongestRange() throws Exception {
        Files.writeString(tmp.getRoot().toPath().resolve("a.md"), """
                # A
                {{ timeseries rate.data.rate rate.data.peak range=-1h }}
                {{ timeseries nhit.data.nhit.mean range=-3d points=2000 }}
                {{ value host.data.threads }}
                {{ histogram nhit.data.hist range=-1h }}
                {{ timeseries count.data.count from=2026-12-01T00:00:00Z to=2026-12-02T00:00:00Z }}
                """);
        Files.writeString(tmp.getRoot().toPath().resolve("b.md"), """
                {{ sparkline rate.data.events range=-30m }}
                {{ scatter rate.data.rate nhit.data.nhit.rms range=-30d }}
                {{ sparkline runstats.data.rate_wall range=-10m }}
                """);
        Pages pages = new Pages(tmp.getRoot().toPath(), 65536, 10, 100, new TagCompiler("", 5000));
        List<Prewarm.Question> q = Prewarm.questions(pages);
        assertEquals(List.of(
                new Prewarm.Question("rate", List.of("data.rate", "data.peak", "data.events"), Prewarm.MAX_SPAN_MS, 1000),
                new Prewarm.Question("nhit", List.of("data.nhit.mean", "data.nhit.rms"), Prewarm.MAX_SPAN_MS, 2000),
                // a short range is read over a day: what a page most often asks next
                new Prewarm.Question("runstats", List.of("data.rate_wall"), Prewarm.DAY_MS, 1000)),
                q);
    }

    @Test
    public void theOtherProcessorsOfTheStoreAreReadForTheirFirstNumbers() {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("count", 5L);
        data.put("label", "x");
        data.put("hist", Map.of("bins", List.of(1L, 2L)));
        data.put("cpu", Map.of("load", 0.5));
        data.put("a.b", 1L); // a key with a dot: not reachable as a path
        for (int i = 0; i < 10; i++) {
            data.put("n" + i, i);
        }
        Map<String, SampleDocument> latest = Map.of("count", SampleDocuments.doc("count", 1000, data),
                "rate", SampleDocuments.doc("rate", 1000, "rate", 1.0));
        QueryService query = (QueryService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {QueryService.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "names" -> List.of("count", "empty", "rate");
                    case "latest" -> latest.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Prewarm.Question pages = new Prewarm.Question("rate", List.of("data.rate"), Prewarm.DAY_MS, 1000);
        assertEquals(List.of(pages, new Prewarm.Question("count", List.of("data.count", "data.cpu.load", "data.n0",
                "data.n1", "data.n2", "data.n3", "data.n4", "data.n5"), Prewarm.DAY_MS, 1000)),
                Prewarm.withOthers(List.of(pages), query));
    }
}
