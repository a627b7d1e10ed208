package org.snoplus.snoop.web.dashboard.internal;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

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
}
