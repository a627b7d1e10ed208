package org.snoplus.snoop.query.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.Cut;
import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.query.QueryService;
import org.snoplus.snoop.query.Series;
import org.snoplus.snoop.query.SeriesQuery;
import org.snoplus.snoop.query.StoreException;

/**
 * The questions of {@link QueryService}, answered from one {@link DocumentStore} with plain reads
 * ({@code range}, {@code count}, {@code latest}), and a cache of answers ({@link AnswerCache}).
 * Free of OSGi: {@link StoreQueryService} is the component.
 *
 * <p>A series reads the queried processor's documents once, in one {@code range}, and each other
 * processor named by a cut once over the same range, before: the sample times at which that
 * processor's document passes its cuts are kept in a sorted array, and a document of the queried
 * processor is kept if its time is in every such array. Cuts on the queried processor itself are
 * tested on the document.
 */
final class QueryEngine implements QueryService {

    /** Larger answers are not cached: the cache is for the dashboards' many small, repeated ones. */
    static final int MAX_CACHED_POINTS = 20_000;

    private final DocumentStore store;
    private final String storeName;
    private final AnswerCache cache;

    QueryEngine(DocumentStore store, String storeName, int cacheEntries) {
        this.store = store;
        this.storeName = storeName;
        this.cache = new AnswerCache(cacheEntries);
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

    @Override
    public Series series(SeriesQuery query) throws StoreException {
        if (query == null) {
            throw new IllegalArgumentException("query must not be null");
        }
        checkName(query.name());
        for (int i = 0; i < query.fields().size(); i++) {
            checkNotBlank("fields[" + i + "]", query.fields().get(i));
        }
        TreeSet<String> involved = new TreeSet<>();
        involved.add(query.name());
        for (int i = 0; i < query.cuts().size(); i++) {
            Cut c = query.cuts().get(i);
            checkNotBlank("cuts[" + i + "].name", c.name());
            checkNotBlank("cuts[" + i + "].field", c.field());
            check(c.min() == null || !c.min().isNaN(), "cuts[" + i + "].min is not a number");
            check(c.max() == null || !c.max().isNaN(), "cuts[" + i + "].max is not a number");
            check(c.min() == null || c.max() == null || c.min() <= c.max(),
                    "cuts[" + i + "]: min (" + c.min() + ") is above max (" + c.max() + ")");
            involved.add(c.name());
        }

        long[] versions = versions(involved);
        Series cached = (Series) cache.get(query, versions);
        if (cached != null) {
            return copy(cached);
        }
        Series answer = compute(query);
        if (cache.enabled() && answer.times().length <= MAX_CACHED_POINTS) {
            cache.put(query, versions, answer);
            return copy(answer);
        }
        return answer;
    }

    private Series compute(SeriesQuery q) throws StoreException {
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
            passing.add(passingTimes(e.getKey(), q.from(), q.to(), new Cuts(e.getValue())));
        }
        long[][] others = passing.toArray(new long[0][]);

        SeriesBuilder series = new SeriesBuilder(paths.length, q.from(), q.to(), q.maxPoints());
        store.range(q.name(), q.from(), q.to(), doc -> {
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
                point[f] = paths[f].valueOf(doc);
            }
            series.add(time, point);
        });
        return series.build(q.name(), fieldNames);
    }

    /** The sample times, sorted, at which the document of {@code name} passes {@code cuts}. */
    private long[] passingTimes(String name, long from, long to, Cuts cuts) throws StoreException {
        long[][] times = {new long[256]};
        int[] n = {0};
        boolean[] sorted = {true};
        store.range(name, from, to, doc -> {
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

    @Override
    public List<SampleDocument> documents(String name, long from, long to, int limit) throws StoreException {
        checkName(name);
        check(to >= from, "to (" + to + ") is before from (" + from + ")");
        check(limit >= 1, "limit must be at least 1, not " + limit);
        DocumentsQuestion question = new DocumentsQuestion(name, from, to, limit);
        long[] versions = {store.version(name)};
        @SuppressWarnings("unchecked")
        List<SampleDocument> cached = (List<SampleDocument>) cache.get(question, versions);
        if (cached != null) {
            return cached;
        }
        List<SampleDocument> answer = newest(name, from, to, limit);
        if (cache.enabled() && answer.size() <= MAX_CACHED_POINTS) {
            cache.put(question, versions, answer);
        }
        return answer;
    }

    private record DocumentsQuestion(String name, long from, long to, int limit) {
    }

    private List<SampleDocument> newest(String name, long from, long to, int limit) throws StoreException {
        long n = store.count(name, from, to);
        if (n == 0) {
            return List.of();
        }
        long start = n > limit ? startOfNewest(name, from, to, limit) : from;
        ArrayDeque<SampleDocument> newest = new ArrayDeque<>(Math.min(limit, 1024));
        store.range(name, start, to, doc -> {
            newest.addLast(doc);
            if (newest.size() > limit) {
                newest.removeFirst();
            }
        });
        return List.copyOf(newest);
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
        cache.clear();
    }
}
