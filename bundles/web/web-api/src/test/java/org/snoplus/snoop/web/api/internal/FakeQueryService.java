package org.snoplus.snoop.web.api.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.Aggregate;
import org.snoplus.snoop.query.AggregateQuery;
import org.snoplus.snoop.query.Cut;
import org.snoplus.snoop.query.QueryLimits;
import org.snoplus.snoop.query.QueryService;
import org.snoplus.snoop.query.Series;
import org.snoplus.snoop.query.SeriesQuery;
import org.snoplus.snoop.query.StoreException;

/**
 * A tiny in-memory query service: documents in a list, answers by scanning it. It records the
 * last question of each kind, so that tests see what the parameters became.
 */
class FakeQueryService implements QueryService {

    final List<SampleDocument> docs = new ArrayList<>();
    volatile String down;
    volatile RuntimeException broken;
    SeriesQuery lastSeries;
    List<Object> lastDocuments;
    AggregateQuery lastAggregate;
    QueryLimits lastLimits;

    static SampleDocument doc(String name, long time, Map<String, Object> data) {
        return new SampleDocument(SampleDocument.idOf(name, "daq1", time), name, time, time - 2000, time, time / 2000,
                "1.0.0", "daq1", 300000, 2000, data);
    }

    FakeQueryService add(String name, long time, Map<String, Object> data) {
        docs.add(doc(name, time, data));
        return this;
    }

    private void check() throws StoreException {
        if (broken != null) {
            throw broken;
        }
        if (down != null) {
            throw new StoreException(down);
        }
    }

    private List<SampleDocument> of(String name, long from, long to) {
        return docs.stream().filter(d -> d.name().equals(name) && d.time() >= from && d.time() < to)
                .sorted(Comparator.comparingLong(SampleDocument::time)).toList();
    }

    @Override
    public SampleDocument latest(String name) throws StoreException {
        check();
        return docs.stream().filter(d -> d.name().equals(name)).max(Comparator.comparingLong(SampleDocument::time))
                .orElse(null);
    }

    @Override
    public Object latest(String name, String field) throws StoreException {
        SampleDocument d = latest(name);
        Object v = d == null ? null : Api.resolve(d, field);
        return v instanceof Map || v instanceof List || v == null || v.getClass().getName().startsWith("java.") ? v : null;
    }

    @Override
    public Series series(SeriesQuery q) throws StoreException {
        check();
        lastSeries = q;
        List<SampleDocument> kept = new ArrayList<>();
        for (SampleDocument d : of(q.name(), q.from(), q.to())) {
            if (q.cuts().stream().allMatch(c -> passes(c, d.time()))) {
                kept.add(d);
            }
        }
        List<String> fields = q.fields().isEmpty() ? List.of("data") : q.fields();
        boolean down = q.maxPoints() > 0 && kept.size() > q.maxPoints();
        // down-sampling for the fake: every n-th document
        int step = down ? (kept.size() + q.maxPoints() - 1) / q.maxPoints() : 1;
        List<Long> times = new ArrayList<>();
        List<Object[]> values = new ArrayList<>();
        for (int i = 0; i < kept.size(); i += step) {
            SampleDocument d = kept.get(i);
            times.add(d.time());
            values.add(fields.stream().map(f -> value(d, f)).toArray());
        }
        return new Series(q.name(), fields, times.stream().mapToLong(Long::longValue).toArray(), values, kept.size(),
                down);
    }

    private static Object value(SampleDocument d, String field) {
        Object v = Api.resolve(d, field);
        return v instanceof Map || v instanceof List || v == null || v instanceof Number || v instanceof String
                || v instanceof Boolean ? v : null;
    }

    private boolean passes(Cut c, long time) {
        SampleDocument other = docs.stream().filter(d -> d.name().equals(c.name()) && d.time() == time).findFirst()
                .orElse(null);
        if (other == null) {
            return false;
        }
        Object v = value(other, c.field());
        if (c.equals() != null) {
            boolean same = v instanceof Number a && c.equals() instanceof Number b
                    ? a.doubleValue() == b.doubleValue()
                    : Objects.equals(String.valueOf(v), String.valueOf(c.equals()));
            if (!same) {
                return false;
            }
        }
        if (c.min() != null || c.max() != null) {
            if (!(v instanceof Number n)) {
                return false;
            }
            double x = n.doubleValue();
            return (c.min() == null || x >= c.min()) && (c.max() == null || x <= c.max());
        }
        return true;
    }

    @Override
    public Series series(SeriesQuery q, QueryLimits limits) throws StoreException {
        lastLimits = limits;
        limits.check();
        return series(q);
    }

    @Override
    public Aggregate aggregate(AggregateQuery q) throws StoreException {
        return aggregate(q, QueryLimits.none());
    }

    /** The fake merges nothing: it counts the documents and gives each field's newest value. */
    @Override
    public Aggregate aggregate(AggregateQuery q, QueryLimits limits) throws StoreException {
        check();
        lastAggregate = q;
        lastLimits = limits;
        List<SampleDocument> docs = of(q.name(), q.from(), q.to()).stream()
                .filter(d -> q.run() == null || d.run() == q.run()).toList();
        java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
        for (String f : q.fields().isEmpty() ? List.of("data") : q.fields()) {
            data.put(f, docs.isEmpty() ? null : value(docs.get(docs.size() - 1), f));
        }
        return new Aggregate(q.name(), q.from(), q.to(), q.run(), docs.size(), data);
    }

    @Override
    public long documents(String name, long from, long to, int limit, QueryLimits limits,
            java.util.function.Consumer<SampleDocument> sink) throws StoreException {
        lastLimits = limits;
        List<SampleDocument> docs = new ArrayList<>(documents(name, from, to, limit));
        docs.sort(Comparator.comparingLong(SampleDocument::time));
        for (SampleDocument d : docs) {
            limits.check();
            sink.accept(d);
        }
        return docs.size();
    }

    @Override
    public List<SampleDocument> documents(String name, long from, long to, int limit) throws StoreException {
        check();
        lastDocuments = List.of(name, from, to, limit);
        List<SampleDocument> all = new ArrayList<>(of(name, from, to));
        // newest first, as a store reading backwards might give them
        java.util.Collections.reverse(all);
        return all.subList(0, Math.min(limit, all.size()));
    }

    @Override
    public List<String> names() throws StoreException {
        check();
        return List.copyOf(new TreeSet<>(docs.stream().map(SampleDocument::name).toList()));
    }

    @Override
    public String store() {
        return "fake";
    }
}
