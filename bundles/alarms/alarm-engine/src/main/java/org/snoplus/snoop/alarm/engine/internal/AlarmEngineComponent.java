package org.snoplus.snoop.alarm.engine.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.admin.SnoopAdmin;
import org.snoplus.snoop.alarm.Alarm;
import org.snoplus.snoop.alarm.AlarmService;
import org.snoplus.snoop.alarm.Notifier;
import org.snoplus.snoop.alarm.Quality;
import org.snoplus.snoop.alarm.ReferenceService;
import org.snoplus.snoop.alarm.RuleInfo;
import org.snoplus.snoop.alarm.Severity;
import org.snoplus.snoop.alarm.Silence;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.processor.Poller;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.query.Aggregate;
import org.snoplus.snoop.query.AggregateQuery;
import org.snoplus.snoop.query.QueryLimits;
import org.snoplus.snoop.query.QueryService;
import org.snoplus.snoop.query.StoreException;
import org.snoplus.snoop.writer.Writer;

/**
 * The alarm engine in the running platform. It is three things at once, so that alarms live like
 * everything else of snoop:
 *
 * <ul>
 * <li>a {@link Writer}: every document reaches it (through its own bounded queue and thread, as
 * every writer), and the rules of its processor judge it at once;</li>
 * <li>a {@link Poller} named {@value Engine#NAME}: at each sample tick its document holds the
 * changes of the alarms since the last (the history, stored by every writer and read back through
 * the query service), the counts of active alarms and the quality of the reference checks; its
 * state (active alarms, silences, pending conditions) is checkpointed with the processors', so a
 * restart neither forgets an alarm nor notifies it twice;</li>
 * <li>the {@link AlarmService} and {@link ReferenceService} the shell, the REST API and the pages
 * use.</li>
 * </ul>
 *
 * Its own thread ({@code snoop-alarms}) reads the rule files and ticks every second, and checks the
 * framework (the same snapshots as {@code snoop:status}) every sample period. {@link Notifier}
 * services are bound as a whiteboard, each with a thread and queue of its own.
 */
@Component(name = AlarmEngineComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = {Writer.class, Processor.class, AlarmService.class, ReferenceService.class},
        property = {Processor.NAME + "=" + Engine.NAME, Writer.NAME + "=" + Engine.NAME})
@Designate(ocd = AlarmConfig.class)
public class AlarmEngineComponent implements Writer, Poller, AlarmService, ReferenceService {

    static final String PID = "snoop.alarms";
    private static final Logger LOG = LoggerFactory.getLogger(AlarmEngineComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SnoopAdmin admin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile QueryService query;

    private final Engine engine;
    private final RuleFiles ruleFiles;
    private final FrameworkChecks checks = new FrameworkChecks();
    private final ReferenceStore references = new ReferenceStore();
    private final Map<Long, NotifierChannel> notifiers = new ConcurrentHashMap<>();
    private volatile AlarmSettings settings;
    private volatile long periodMs = 5000;
    private volatile String instance;
    private ScheduledExecutorService thread;
    private long lastCheck;

    public AlarmEngineComponent() {
        engine = new Engine(Clock.systemUTC(), () -> periodMs);
        ruleFiles = new RuleFiles(engine);
        engine.references(references::histogram);
        engine.listener((change, active) -> {
            for (NotifierChannel c : notifiers.values()) {
                c.offer(change);
            }
        });
    }

    Engine engine() {
        return engine;
    }

    @Activate
    void activate(BundleContext context, AlarmConfig config) {
        AlarmSettings s;
        try {
            s = AlarmSettings.from(config, context::getProperty);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: bad configuration: {}", PID, e.getMessage());
            throw e;
        }
        apply(s);
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "snoop-alarms");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::second, 0, 1, TimeUnit.SECONDS);
        LOG.info("{}: rules from {}, references in {}, framework alarms {}", PID, s.rulesDir(), s.referencesDir(),
                s.framework() ? "on" : "off");
    }

    @Modified
    void modified(BundleContext context, AlarmConfig config) {
        try {
            apply(AlarmSettings.from(config, context::getProperty));
        } catch (IllegalArgumentException e) {
            LOG.error("{}: bad configuration: {}; keeping the previous one", PID, e.getMessage());
        }
    }

    private void apply(AlarmSettings s) {
        AlarmSettings before = settings;
        settings = s;
        engine.configure(s.engine());
        if (before == null || !java.util.Objects.equals(before.referencesDir(), s.referencesDir())) {
            references.directory(s.referencesDir());
        }
        for (NotifierChannel c : notifiers.values()) {
            c.configure(s.notifications());
        }
    }

    @Deactivate
    void deactivate() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (NotifierChannel c : notifiers.values()) {
            c.close();
        }
        notifiers.clear();
    }

    /** Every second on the engine's thread: rules read, the clock, and every period the framework. */
    private void second() {
        try {
            AlarmSettings s = settings;
            SnoopAdmin a = admin;
            if (a != null) {
                periodMs = Math.max(1, a.loop().samplePeriodMs());
            }
            ruleFiles.directory(s.rulesDir());
            ruleFiles.scan();
            engine.tick();
            long now = engine.now();
            if (now - lastCheck >= periodMs) {
                lastCheck = now;
                engine.framework(s.framework() ? checks.check(a, s.checks(), now) : List.of());
            }
        } catch (RuntimeException e) {
            // the engine's thread must go on whatever one second brought
            LOG.error("alarms: a check failed", e);
        }
    }

    // ------------------------------------------------------------------ notifiers

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addNotifier(Notifier n, Map<String, Object> props) {
        Object name = props.get(Notifier.NAME);
        if (name == null && props.get("service.pid") instanceof String pid && pid.indexOf('~') > 0) {
            name = pid.substring(pid.indexOf('~') + 1); // conf/snoop.notifier.mail-shifters.cfg: "shifters"
        }
        if (name == null) {
            name = props.getOrDefault("component.name", "notifier-" + props.get(Constants.SERVICE_ID));
        }
        AlarmSettings s = settings;
        NotifierChannel.Settings ns = s == null ? new NotifierChannel.Settings(10_000, 60_000, 1000) : s.notifications();
        NotifierChannel c = new NotifierChannel(String.valueOf(name), n, ns, engine::active, this::instance);
        NotifierChannel old = notifiers.put((Long) props.get(Constants.SERVICE_ID), c);
        if (old != null) {
            old.close();
        }
        LOG.info("notifier {} added: {}", c.name, describe(n));
    }

    void removeNotifier(Notifier n, Map<String, Object> props) {
        NotifierChannel c = notifiers.remove((Long) props.get(Constants.SERVICE_ID));
        if (c != null) {
            c.close();
            LOG.info("notifier {} removed", c.name);
        }
    }

    /** The notifiers as {@code snoop:alarms notifiers} shows them. */
    List<String[]> notifierRows() {
        List<String[]> rows = new ArrayList<>();
        for (NotifierChannel c : notifiers.values()) {
            rows.add(new String[] {c.name, Long.toString(c.sent), Long.toString(c.failures), Integer.toString(c.queued()),
                describe(c.notifier), c.lastError == null ? "" : c.lastError});
        }
        return rows;
    }

    private static String describe(Notifier n) {
        try {
            return n.describe();
        } catch (RuntimeException e) {
            return n.getClass().getSimpleName();
        }
    }

    private String instance() {
        String i = instance;
        if (i == null) {
            try {
                i = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                i = "snoop";
            }
        }
        return i;
    }

    // ------------------------------------------------------------------ writer and poller

    @Override
    public void write(List<SampleDocument> batch) {
        for (SampleDocument d : batch) {
            if (instance == null) {
                instance = d.instance();
            }
            engine.evaluate(d);
        }
    }

    @Override
    public String describe() {
        return "alarms: " + engine.ruleCount() + " rules, " + engine.active().size() + " active, " + notifiers.size()
                + " notifiers";
    }

    @Override
    public Map<String, Object> sample() {
        return engine.sample();
    }

    @Override
    public Object handoff() {
        return engine.state();
    }

    @Override
    public void takeover(Object state) {
        engine.restore(state);
    }

    // ------------------------------------------------------------------ AlarmService

    @Override
    public List<Alarm> active() {
        return engine.active();
    }

    @Override
    public List<Alarm> history(long from, long to, Severity atLeast, String name, int limit, QueryLimits limits)
            throws StoreException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        ArrayDeque<Alarm> out = new ArrayDeque<>();
        QueryService q = query;
        if (q != null) {
            q.documents(Engine.NAME, from, to, Integer.MAX_VALUE, limits, d -> {
                if (d.data().get("changes") instanceof List<?> list) {
                    for (Object o : list) {
                        if (o instanceof Map<?, ?> m) {
                            try {
                                keep(out, Alarm.fromMap(m), from, to, atLeast, name, limit);
                            } catch (IllegalArgumentException e) {
                                // a change written by another version that cannot be read: left out
                            }
                        }
                    }
                }
            });
        }
        // what is not stored yet (the next document) or has no store to go to
        long newest = out.isEmpty() ? Long.MIN_VALUE : out.peekLast().time();
        for (Alarm a : engine.recent()) {
            if (a.time() > newest || q == null) {
                keep(out, a, from, to, atLeast, name, limit);
            }
        }
        return List.copyOf(out);
    }

    private static void keep(ArrayDeque<Alarm> out, Alarm a, long from, long to, Severity atLeast, String name, int limit) {
        if (a.time() < from || a.time() >= to || (atLeast != null && a.severity().compareTo(atLeast) < 0)
                || (name != null && !Silence.matches(name, a.name()))) {
            return;
        }
        if (out.size() >= limit) {
            out.pollFirst();
        }
        out.addLast(a);
    }

    @Override
    public Alarm acknowledge(String name, String by, String comment) {
        return engine.acknowledge(name, by, comment);
    }

    @Override
    public Silence silence(String pattern, Duration duration, String by, String comment) {
        return engine.silence(pattern, duration.toMillis(), by, comment);
    }

    @Override
    public boolean unsilence(String pattern) {
        return engine.unsilence(pattern);
    }

    @Override
    public List<Silence> silences() {
        return engine.silences();
    }

    @Override
    public List<RuleInfo> rules() {
        return engine.ruleInfos();
    }

    @Override
    public List<String> problems() {
        return engine.problems();
    }

    // ------------------------------------------------------------------ ReferenceService

    @Override
    public org.snoplus.snoop.alarm.Reference save(String name, String processor, String field, Long run, long from,
            long to) throws StoreException {
        QueryService q = query;
        if (q == null) {
            throw new StoreException("no store to read the histogram from");
        }
        AggregateQuery aq = run != null ? AggregateQuery.run(processor, run, List.of(field))
                : AggregateQuery.range(processor, from, to, List.of(field));
        Aggregate agg = q.aggregate(aq);
        if (agg.documents() == 0) {
            throw new IllegalArgumentException("no document of " + processor + (run != null ? " in run " + run
                    : " in the range") + ": nothing to save");
        }
        Histogram h = Histogram.of(agg.data().get(field));
        if (h == null) {
            throw new IllegalArgumentException(processor + "." + field + " is not a histogram"
                    + (agg.data().get(field) == null ? " (no document has it)" : ""));
        }
        String source = run != null ? "run " + run : java.time.Instant.ofEpochMilli(agg.from()) + " to "
                + java.time.Instant.ofEpochMilli(agg.to()) + " (" + agg.documents() + " documents)";
        try {
            return references.save(name, processor, field, source, h, engine.now());
        } catch (IOException e) {
            throw new UncheckedIOException("the reference " + name + " cannot be written: " + e.getMessage(), e);
        }
    }

    @Override
    public List<org.snoplus.snoop.alarm.Reference> references() {
        return references.references();
    }

    @Override
    public Map<String, Object> histogram(String name) {
        Histogram h = references.histogram(name);
        return h == null ? null : h.toShape();
    }

    @Override
    public boolean remove(String name) {
        try {
            return references.remove(name);
        } catch (IOException e) {
            throw new UncheckedIOException("the reference " + name + " cannot be removed: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Quality> quality() {
        return engine.quality();
    }
}
