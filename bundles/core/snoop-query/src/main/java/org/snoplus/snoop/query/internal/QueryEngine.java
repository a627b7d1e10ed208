package org.snoplus.snoop.query.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.Aggregate;
import org.snoplus.snoop.query.AggregateQuery;
import org.snoplus.snoop.query.AnswerTooLargeException;
import org.snoplus.snoop.query.Cut;
import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.query.QueryLimits;
import org.snoplus.snoop.query.QueryService;
import org.snoplus.snoop.query.Series;
import org.snoplus.snoop.query.SeriesQuery;
import org.snoplus.snoop.query.StoreException;
import org.snoplus.snoop.stats.Merger;

/**
 * The questions of {@link QueryService}, answered from one {@link DocumentStore} with plain reads
 * ({@code range}, {@code count}, {@code latest}, {@code runSpan}), and {@link Answers} kept for
 * repeated questions. Free of OSGi: {@link StoreQueryService} is the component.
 *
 * <p>A series reads the queried processor's documents once, in one {@code range}, and each other
 * processor named by a cut once over the same range, before: the sample times at which that
 * processor's document passes its cuts are kept in a sorted array, and a document of the queried
 * processor is kept if its time is in every such array. Cuts on the queried processor itself are
 * tested on the document.
 *
 * <p>A series without cuts is answered from {@link SeriesColumns} where they fit: a question asked
 * again over a range moved on reads only the documents added since.
 *
 * <p>An aggregate reads the documents of its range (or of its run's span, keeping those of the
 * run) once, each field merged by a {@link Merger} as it goes: memory is one document's worth.
 *
 * <p>Every loop over documents checks the question's {@link QueryLimits}.
 */
final class QueryEngine implements QueryService {

    /** Answers not asked for during this long are let go. */
    static final long IDLE_MILLIS = 60_000;

    /** Columns not asked for during this long are let go (a page left open asks every few seconds). */
    static final long COLUMNS_IDLE_MILLIS = 10 * 60_000;

    private final DocumentStore store;
    private final String storeName;
    private final Answers answers;
    private final SeriesColumns columns;
    private final long timeoutMillis;
    private final long maxBytes;

    /** With a cache of {@code cacheBytes}, as many for columns, and no limits of its own (for tests and tools). */
    QueryEngine(DocumentStore store, String storeName, long cacheBytes) {
        this(store, storeName, cacheBytes, cacheBytes, 0, Long.MAX_VALUE);
    }

    /**
     * @param cacheBytes estimated bytes of answers kept for repeated questions; 0 for none
     * @param columnBytes estimated bytes of {@link SeriesColumns}; 0 for none
     * @param timeoutMillis the time limit of a question asked without limits; 0 for none
     * @param maxBytes the budget of an answer asked for without limits
     */
    QueryEngine(DocumentStore store, String storeName, long cacheBytes, long columnBytes, long timeoutMillis,
            long maxBytes) {
        this.store = store;
        this.storeName = storeName;
        this.answers = new Answers(cacheBytes, IDLE_MILLIS, System::currentTimeMillis);
        this.columns = new SeriesColumns(store, columnBytes, COLUMNS_IDLE_MILLIS, System::currentTimeMillis);
        this.timeoutMillis = timeoutMillis;
        this.maxBytes = maxBytes;
    }

    /** For tests and figures. */
    SeriesColumns columns() {
        return columns;
    }

    private QueryLimits configured() {
        return QueryLimits.of(timeoutMillis, maxBytes);
    }

    @Override
    public String store() {
        return storeName;
    }

    @Override
    public SampleDocument latest(String name) throws StoreException {
        return store.latest(checkName(name));
    }

    @Override
    public Object latest(String name, String field) throws StoreException {
        checkName(name);
        FieldPath path = FieldPath.of(checkNotBlank("field", field));
        SampleDocument doc = store.latest(name);
        return doc == null ? null : path.valueOf(doc);
    }

    @Override
    public List<String> names() throws StoreException {
        return store.names();
    }

    // ------------------------------------------------------------------------------ series

    @Override
    public Series series(SeriesQuery query) throws StoreException {
        return series(query, configured());
    }

    @Override
    public Series series(SeriesQuery query, QueryLimits limits) throws StoreException {
        if (query == null) {
            throw new IllegalArgumentException("query must not be null");
        }
        checkName(query.name());
        for (int i = 0; i < query.fields().size(); i++) {
            FieldPath.check(checkNotBlank("fields[" + i + "]", query.fields().get(i)));
        }
        TreeSet<String> involved = new TreeSet<>();
        involved.add(query.name());
        for (int i = 0; i < query.cuts().size(); i++) {
            Cut c = query.cuts().get(i);
            checkNotBlank("cuts[" + i + "].name", c.name());
            FieldPath.check(checkNotBlank("cuts[" + i + "].field", c.field()));
            check(c.min() == null || !c.min().isNaN(), "cuts[" + i + "].min is not a number");
            check(c.max() == null || !c.max().isNaN(), "cuts[" + i + "].max is not a number");
            check(c.min() == null || c.max() == null || c.min() <= c.max(),
                    "cuts[" + i + "]: min (" + c.min() + ") is above max (" + c.max() + ")");
            involved.add(c.name());
        }
        Series answer = (Series) answers.answer(new SeriesQuestion(query, limits.maxBytes()), versions(involved),
                limits, () -> {
                    SeriesBuilder[] built = new SeriesBuilder[1];
                    Series s = compute(query, limits, built);
                    return new Answers.Sized(s, built[0] != null ? built[0].estimatedBytes() : JsonSize.of(s.values()));
                });
        return copy(answer);
    }

    /** A series question with the budget it was answered within (a larger budget may hold more). */
    private record SeriesQuestion(SeriesQuery query, long budget) {
    }

    private Series compute(SeriesQuery q, QueryLimits limits, SeriesBuilder[] built) throws StoreException {
        Series fromColumns = columns.series(q, limits);
        if (fromColumns != null) {
            built[0] = null;
            return fromColumns;
        }
        List<String> fieldNames = q.fields().isEmpty() ? List.of("data") : q.fields();
        FieldPath[] paths = fieldNames.stream().map(FieldPath::of).toArray(FieldPath[]::new);

        Map<String, List<Cut>> cutsByName = new LinkedHashMap<>();
        for (Cut c : q.cuts()) {
            cutsByName.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(c);
        }
        List<Cut> own = cutsByName.remove(q.name());
        Cuts ownCuts = own == null ? null : new Cuts(own);
        List<long[]> passing = new ArrayList<>();
        for (Map.Entry<String, List<Cut>> e : cutsByName.entrySet()) {
            passing.add(passingTimes(e.getKey(), q.from(), q.to(), new Cuts(e.getValue()), limits));
        }
        long[][] others = passing.toArray(new long[0][]);

        SeriesBuilder series = new SeriesBuilder(paths.length, q.from(), q.to(), q.maxPoints(), limits.maxBytes());
        built[0] = series;
        store.range(q.name(), q.from(), q.to(), doc -> {
            limits.check();
            long time = doc.time();
            for (long[] times : others) {
                if (Arrays.binarySearch(times, time) < 0) {
                    return;
                }
            }
            if (ownCuts != null && !ownCuts.pass(doc)) {
                return;
            }
            Object[] point = new Object[paths.length];
            for (int f = 0; f < paths.length; f++) {
                point[f] = Merged.plain(paths[f].valueOf(doc));
            }
            series.add(time, point);
        });
        return series.build(q.name(), fieldNames);
    }

    /** The sample times, sorted, at which the document of {@code name} passes {@code cuts}. */
    private long[] passingTimes(String name, long from, long to, Cuts cuts, QueryLimits limits) throws StoreException {
        long[][] times = {new long[256]};
        int[] n = {0};
        boolean[] sorted = {true};
        store.range(name, from, to, doc -> {
            limits.check();
            if (cuts.pass(doc)) {
                if (n[0] == times[0].length) {
                    times[0] = Arrays.copyOf(times[0], n[0] * 2);
                }
                if (n[0] > 0 && times[0][n[0] - 1] > doc.time()) {
                    sorted[0] = false;
                }
                times[0][n[0]++] = doc.time();
            }
        });
        long[] result = Arrays.copyOf(times[0], n[0]);
        if (!sorted[0]) {
            Arrays.sort(result);
        }
        return result;
    }

    // --------------------------------------------------------------------------- aggregate

    @Override
    public Aggregate aggregate(AggregateQuery query) throws StoreException {
        return aggregate(query, configured());
    }

    @Override
    public Aggregate aggregate(AggregateQuery query, QueryLimits limits) throws StoreException {
        if (query == null) {
            throw new IllegalArgumentException("query must not be null");
        }
        checkName(query.name());
        for (int i = 0; i < query.fields().size(); i++) {
            FieldPath.check(checkNotBlank("fields[" + i + "]", query.fields().get(i)));
        }
        long[] versions = {store.version(query.name())};
        return (Aggregate) answers.answer(query, versions, limits, () -> {
            Aggregate a = computeAggregate(query, limits);
            long bytes = JsonSize.of(a.data());
            if (bytes > limits.maxBytes()) {
                throw new AnswerTooLargeException("fields", limits.maxBytes(), "the merged fields would take "
                        + bytes + " bytes, more than the budget of " + limits.maxBytes() + " bytes: ask for fewer fields");
            }
            return new Answers.Sized(a, bytes);
        });
    }

    private Aggregate computeAggregate(AggregateQuery q, QueryLimits limits) throws StoreException {
        List<String> fieldNames = q.fields().isEmpty() ? List.of("data") : q.fields();
        FieldPath[] paths = fieldNames.stream().map(FieldPath::of).toArray(FieldPath[]::new);
        Merger[] mergers = new Merger[paths.length];
        for (int f = 0; f < paths.length; f++) {
            mergers[f] = new Merger(fieldNames.get(f), true);
        }
        long from = q.from();
        long to = q.to();
        Long run = q.run();
        if (run != null) {
            long[] span = store.runSpan(q.name(), run);
            if (span == null) {
                return new Aggregate(q.name(), q.from() == Long.MIN_VALUE ? Long.MIN_VALUE : q.from(),
                        q.to() == Long.MAX_VALUE ? Long.MIN_VALUE : q.to(), run, 0, results(fieldNames, mergers));
            }
            from = Math.max(from, span[0]);
            to = Math.min(to, span[1] == Long.MAX_VALUE ? span[1] : span[1] + 1);
        }
        long[] documents = {0};
        store.range(q.name(), from, to, doc -> {
            limits.check();
            if (run != null && doc.run() != run) {
                return;
            }
            documents[0]++;
            long weight = doc.windowEnd() - doc.windowStart();
            for (int f = 0; f < paths.length; f++) {
                mergers[f].add(paths[f].valueOf(doc), weight, doc.time());
            }
        });
        return new Aggregate(q.name(), from, to, run, documents[0], results(fieldNames, mergers));
    }

    private static Map<String, Object> results(List<String> fields, Merger[] mergers) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int f = 0; f < mergers.length; f++) {
            data.put(fields.get(f), mergers[f].result());
        }
        return Collections.unmodifiableMap(data);
    }

    // --------------------------------------------------------------------------- documents

    @Override
    public List<SampleDocument> documents(String name, long from, long to, int limit) throws StoreException {
        List<SampleDocument> docs = new ArrayList<>();
        documents(name, from, to, limit, configured(), docs::add);
        return Collections.unmodifiableList(docs);
    }

    @Override
    public long documents(String name, long from, long to, int limit, QueryLimits limits,
            Consumer<SampleDocument> sink) throws StoreException {
        checkName(name);
        check(to >= from, "to (" + to + ") is before from (" + from + ")");
        check(limit >= 1, "limit must be at least 1, not " + limit);
        long n = store.count(name, from, to);
        if (n == 0) {
            return 0;
        }
        long wanted = Math.min(n, limit);
        long start = n > limit ? startOfNewest(name, from, to, limit) : from;
        // several documents at the start time (instances sampling together): skip the surplus
        long[] skip = {n > limit ? store.count(name, start, to) - limit : 0};
        // the newest document stands for the others: a processor's documents are much of a size
        SampleDocument newest = store.latest(name);
        if (newest != null) {
            long estimate = wanted * JsonSize.of(newest);
            if (estimate > limits.maxBytes()) {
                throw new AnswerTooLargeException("limit", limits.maxBytes(), wanted + " documents of " + name
                        + " would take about " + estimate + " bytes, more than the budget of " + limits.maxBytes()
                        + " bytes: ask for at most " + Math.max(1, limits.maxBytes() / Math.max(1, JsonSize.of(newest)))
                        + " (limit) or a shorter range");
            }
        }
        long[] sent = {0};
        store.range(name, start, to, doc -> {
            limits.check();
            if (skip[0] > 0) {
                skip[0]--;
                return;
            }
            if (sent[0] < wanted) {
                sink.accept(doc);
                sent[0]++;
            }
        });
        return sent[0];
    }

    /**
     * The latest time {@code t} with at least {@code limit} documents in {@code [t, to)}, found
     * with counts (each O(log n) in a store with an index), so that only those are read.
     */
    private long startOfNewest(String name, long from, long to, int limit) throws StoreException {
        long good = from; // count(good, to) >= limit
        long bad = to; // count(bad, to) < limit
        while (bad - good > 1 || bad - good < 0) { // the difference may overflow a long
            long mid = (good & bad) + ((good ^ bad) >> 1); // floor of the mean, without overflow
            if (mid == good) {
                break;
            }
            if (store.count(name, mid, to) >= limit) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        return good;
    }

    // ----------------------------------------------------------------------------- helpers

    private long[] versions(TreeSet<String> names) throws StoreException {
        long[] v = new long[names.size()];
        int i = 0;
        for (String name : names) {
            v[i++] = store.version(name);
        }
        return v;
    }

    /** A copy that the receiver may change without changing the cached answer. */
    private static Series copy(Series s) {
        List<Object[]> values = new ArrayList<>(s.values().size());
        for (Object[] point : s.values()) {
            values.add(point.clone());
        }
        return new Series(s.name(), s.fields(), s.times().clone(), values, s.documents(), s.downsampled());
    }

    private static String checkName(String name) {
        return checkNotBlank("name", name);
    }

    private static String checkNotBlank(String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(parameter + " must not be empty");
        }
        return value;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    void clearCache() {
        answers.clear();
    }

    /** The answers kept, for tests. */
    Answers answers() {
        return answers;
    }
}
