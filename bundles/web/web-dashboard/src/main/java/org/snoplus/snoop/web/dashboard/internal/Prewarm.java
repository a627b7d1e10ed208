package org.snoplus.snoop.web.dashboard.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.QueryLimits;
import org.snoplus.snoop.query.QueryService;
import org.snoplus.snoop.query.SeriesQuery;

/**
 * After a start, asks the query service once, in the background, for the series the pages plot:
 * for each processor they plot over time, its fields over the longest range a page asks of it (at
 * least the last day, at most a week); and for each other processor in the store, the first
 * {@value #OTHER_FIELDS} numbers of its newest document over the last day (what a new page is most
 * likely to plot). The first shifter to open a page after a restart then finds the fields read
 * (the query service keeps them column by column) and the decoding compiled, instead of paying for
 * both (a quarter to half a second per processor for a page of ten plots over a day).
 *
 * <p>Bounded: at most {@value #MAX_QUESTIONS} questions, each within the query service's own time
 * limit and answer budget, one thread, once per start; nothing is kept but what the query service
 * keeps anyway.
 */
final class Prewarm {

    static final int MAX_QUESTIONS = 50;
    /** The numbers read of a processor no page plots over time. */
    static final int OTHER_FIELDS = 8;
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

    /**
     * {@code pages} and, for each other processor of the store, a question for the first
     * {@link #OTHER_FIELDS} numbers of its newest document over the last day.
     */
    static List<Question> withOthers(List<Question> pages, QueryService query) {
        List<Question> all = new ArrayList<>(pages);
        Set<String> asked = new HashSet<>();
        pages.forEach(q -> asked.add(q.processor()));
        List<String> names;
        try {
            names = query.names();
        } catch (Exception e) {
            return all; // a store still opening: the pages' questions are what matters
        }
        for (String name : names) {
            if (all.size() >= MAX_QUESTIONS) {
                break;
            }
            if (asked.contains(name)) {
                continue;
            }
            try {
                SampleDocument latest = query.latest(name);
                List<String> numbers = new ArrayList<>();
                if (latest != null) {
                    numbers(latest.data(), "data", numbers, 0);
                }
                if (!numbers.isEmpty()) {
                    all.add(new Question(name, numbers, DAY_MS, 1000));
                }
            } catch (Exception e) {
                LOG.debug("dashboard warm-up: {}: {}", name, e.toString());
            }
        }
        return all;
    }

    /** The paths of the numbers in {@code value}, depth first, up to {@link #OTHER_FIELDS}. */
    private static void numbers(Object value, String path, List<String> out, int depth) {
        if (out.size() >= OTHER_FIELDS || depth > 4) {
            return;
        }
        if (value instanceof Number) {
            out.add(path);
        } else if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (key.contains(".")) {
                    continue; // not reachable as a dotted path
                }
                numbers(e.getValue(), path + "." + key, out, depth + 1);
            }
        }
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
