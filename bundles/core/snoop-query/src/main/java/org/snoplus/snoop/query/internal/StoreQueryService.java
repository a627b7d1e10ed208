package org.snoplus.snoop.query.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.Aggregate;
import org.snoplus.snoop.query.AggregateQuery;
import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.query.QueryLimits;
import org.snoplus.snoop.query.QueryService;
import org.snoplus.snoop.query.Series;
import org.snoplus.snoop.query.SeriesQuery;
import org.snoplus.snoop.query.StoreException;

/**
 * The {@link QueryService}, over the {@link DocumentStore} whose {@value DocumentStore#NAME} is the
 * configured {@code store} ({@code embedded} by default). The answers are {@link QueryEngine}'s.
 *
 * <p>Every store service is tracked and the configured one picked here, rather than with a DS
 * target filter: a filter cannot be made from a plain configuration value (the key would have to
 * hold LDAP syntax), and this way a changed {@code store} applies without restarting the
 * component. While the store is missing the service stays registered and every question fails
 * with a {@link StoreException} that names it, so that a web page can say what is wrong.
 */
@Component(name = StoreQueryService.PID, service = QueryService.class,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = QueryConfig.class)
public class StoreQueryService implements QueryService {

    static final String PID = "snoop.query";

    private static final Logger LOG = LoggerFactory.getLogger(StoreQueryService.class);

    /** Every store service, with its properties. */
    private final Map<DocumentStore, Map<String, Object>> stores = new ConcurrentHashMap<>();

    // guarded by this
    private String storeName;
    private long cacheBytes;
    private long columnBytes;
    private long timeoutMillis;
    private long maxBytes;
    private DocumentStore selected;

    private volatile QueryEngine engine;

    @Activate
    @Modified
    synchronized void configure(QueryConfig config) {
        String name;
        int cacheMb;
        int columnMb;
        int answerMb;
        long timeout;
        try {
            name = value("store", config::store);
            check(name != null && !name.isBlank(), "store is required: the snoop.store.name of the store to read");
            cacheMb = value("cache.mb", config::cache_mb);
            check(cacheMb >= 0 && cacheMb <= 1 << 16, "cache.mb must be between 0 (no cache) and 65536, not " + cacheMb);
            columnMb = value("series.cache.mb", config::series_cache_mb);
            check(columnMb >= 0 && columnMb <= 1 << 16,
                    "series.cache.mb must be between 0 (none) and 65536, not " + columnMb);
            answerMb = value("answer.max.mb", config::answer_max_mb);
            check(answerMb >= 1 && answerMb <= 1 << 16, "answer.max.mb must be between 1 and 65536, not " + answerMb);
            timeout = value("timeout.ms", config::timeout_ms);
            check(timeout >= 0, "timeout.ms must be >= 0 (0 = no limit), not " + timeout);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {}", PID, e.getMessage());
            throw e;
        }
        storeName = name.trim();
        cacheBytes = (long) cacheMb << 20;
        columnBytes = (long) columnMb << 20;
        maxBytes = (long) answerMb << 20;
        timeoutMillis = timeout;
        select(true); // a new engine, with an empty cache

    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addStore(DocumentStore store, Map<String, Object> properties) {
        stores.put(store, properties);
        synchronized (this) {
            if (storeName != null) {
                select(false);
            }
        }
    }

    void removeStore(DocumentStore store) {
        stores.remove(store);
        synchronized (this) {
            if (storeName != null) {
                select(false);
            }
        }
    }

    /**
     * Reads the store named {@code storeName} with the highest ranking, if there is one; a new
     * engine (and cache) if the store changes or {@code renew}.
     */
    private void select(boolean renew) {
        TreeMap<Ranking, DocumentStore> candidates = new TreeMap<>();
        stores.forEach((store, props) -> {
            if (storeName.equals(String.valueOf(props.get(DocumentStore.NAME)))) {
                candidates.put(Ranking.of(props), store);
            }
        });
        DocumentStore best = candidates.isEmpty() ? null : candidates.firstEntry().getValue();
        if (best == selected && !renew) {
            return;
        }
        selected = best;
        engine = best == null ? null : new QueryEngine(best, storeName, cacheBytes, columnBytes, timeoutMillis,
                maxBytes);
        if (best == null) {
            LOG.info("{}: store {} is not available (stores present: {})", PID, storeName, present());
        } else {
            LOG.info("{}: reading store {}", PID, storeName);
        }
    }

    /** Higher service.ranking first, then the older service (lower service.id). */
    private record Ranking(int ranking, long id) implements Comparable<Ranking> {
        static Ranking of(Map<String, Object> props) {
            Object r = props.get("service.ranking");
            Object id = props.get("service.id");
            return new Ranking(r instanceof Integer i ? i : 0, id instanceof Long l ? l : Long.MAX_VALUE);
        }

        @Override
        public int compareTo(Ranking o) {
            int c = Integer.compare(o.ranking, ranking);
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }

    private List<String> present() {
        return stores.values().stream().map(p -> String.valueOf(p.get(DocumentStore.NAME))).sorted().toList();
    }

    private QueryEngine engine() throws StoreException {
        QueryEngine e = engine;
        if (e == null) {
            throw new StoreException("store " + storeName + " is not available (stores present: " + present() + ")");
        }
        return e;
    }

    @Override
    public String store() {
        synchronized (this) {
            return storeName;
        }
    }

    @Override
    public SampleDocument latest(String name) throws StoreException {
        return engine().latest(name);
    }

    @Override
    public Object latest(String name, String field) throws StoreException {
        return engine().latest(name, field);
    }

    @Override
    public Series series(SeriesQuery query) throws StoreException {
        return engine().series(query);
    }

    @Override
    public Series series(SeriesQuery query, QueryLimits limits) throws StoreException {
        return engine().series(query, limits);
    }

    @Override
    public Aggregate aggregate(AggregateQuery query) throws StoreException {
        return engine().aggregate(query);
    }

    @Override
    public Aggregate aggregate(AggregateQuery query, QueryLimits limits) throws StoreException {
        return engine().aggregate(query, limits);
    }

    @Override
    public List<SampleDocument> documents(String name, long from, long to, int limit) throws StoreException {
        return engine().documents(name, from, to, limit);
    }

    @Override
    public long documents(String name, long from, long to, int limit, QueryLimits limits,
            Consumer<SampleDocument> sink) throws StoreException {
        return engine().documents(name, from, to, limit, limits, sink);
    }

    @Override
    public List<String> names() throws StoreException {
        return engine().names();
    }

    private static <T> T value(String key, Supplier<T> getter) {
        try {
            return getter.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad configuration: " + key + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void check(boolean ok, String reason) {
        if (!ok) {
            throw new IllegalArgumentException("bad configuration: " + reason);
        }
    }
}
