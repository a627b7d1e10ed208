package org.snoplus.snoop.web.dashboard.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.query.QueryLimits;
import org.snoplus.snoop.query.QueryService;
import org.snoplus.snoop.query.SeriesQuery;

/**
 * After a start, asks the query service once, in the background, for the series the pages plot:
 * for each processor they plot over time, its fields over the longest range a page asks of it (at
 * least the last day, at most a week). The first shifter to open a page after a restart then finds
 * the store's pages read and the decoding compiled, as they are for every later visit, instead of
 * paying for both (half a second more for a page of ten plots over a day).
 *
 * <p>Bounded: at most {@value #MAX_QUESTIONS} questions, each within the query service's own time
 * limit and answer budget, one thread, once per start; nothing is kept but what the query service
 * keeps anyway.
 */
final class Prewarm {

    static final int MAX_QUESTIONS = 50;
    /** The tags drawn from series (the others from the newest document or a sum). */
    static final Set<TagKind> SERIES = Set.of(TagKind.TIMESERIES, TagKind.SCATTER, TagKind.SPARKLINE,
            TagKind.SPARKLINES);
    static final long DAY_MS = 86_400_000L;
    static final long MAX_SPAN_MS = 7 * DAY_MS;
    static final long TIMEOUT_MS = 10_000;
    static final long MAX_BYTES = 64L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(Prewarm.class);

    private Prewarm() {
    }

    /** One question per processor: its fields and the span to read. */
    record Question(String processor, List<String> fields, long span, int points) {
    }

    /** What the pages plot over time, as one question per processor (in the order found). */
    static List<Question> questions(Pages pages) {
        Map<String, Set<String>> fields = new LinkedHashMap<>();
        Map<String, Long> spans = new LinkedHashMap<>();
        Map<String, Integer> points = new LinkedHashMap<>();
        for (String name : pages.names()) {
            Pages.Page page;
            try {
                page = pages.get(name);
            } catch (IOException e) {
                continue;
            }
            if (page == null || page.parsed() == null) {
                continue;
            }
            for (Markdown.TagNode tag : page.parsed().tags()) {
                Widget w = tag.widget;
                if (w == null || !SERIES.contains(w.kind()) || !(w.config().get("span") instanceof Number span)) {
                    continue; // not a series that follows now (a newest value, a histogram, a fixed period)
                }
                int p = w.config().get("points") instanceof Number n ? n.intValue() : 1000;
                for (Widget.Need need : w.needs()) {
                    FieldRef f = need.field();
                    if (fields.size() >= MAX_QUESTIONS && !fields.containsKey(f.processor())) {
                        continue;
                    }
                    fields.computeIfAbsent(f.processor(), k -> new LinkedHashSet<>()).add(f.path());
                    spans.merge(f.processor(), Math.abs(span.longValue()), Math::max);
                    points.merge(f.processor(), p, Math::max);
                }
            }
        }
        return fields.entrySet().stream().map(e -> new Question(e.getKey(), List.copyOf(e.getValue()),
                Math.min(MAX_SPAN_MS, Math.max(DAY_MS, spans.get(e.getKey()))), points.get(e.getKey()))).toList();
    }

    /** Asks every question; returns how many were answered. Stops early when the thread is interrupted. */
    static int run(List<Question> questions, QueryService query, long now) {
        int answered = 0;
        long started = System.nanoTime();
        for (Question q : questions) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            try {
                query.series(new SeriesQuery(q.processor(), now - q.span(), now, q.fields(), List.of(), q.points()),
                        QueryLimits.of(TIMEOUT_MS, MAX_BYTES));
                answered++;
            } catch (Exception e) {
                // a page's field that is not there (yet), a store still opening: the page will say so itself
                LOG.debug("dashboard warm-up: {} {}: {}", q.processor(), q.fields(), e.toString());
            }
        }
        LOG.info("dashboard warm-up: the series of {} processors read in {} ms", answered,
                (System.nanoTime() - started) / 1_000_000);
        return answered;
    }
}
