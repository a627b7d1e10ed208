package org.snoplus.snoop.alarm.engine.internal;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.alarm.Alarm;
import org.snoplus.snoop.alarm.AlarmState;
import org.snoplus.snoop.alarm.Quality;
import org.snoplus.snoop.alarm.RuleInfo;
import org.snoplus.snoop.alarm.Severity;
import org.snoplus.snoop.alarm.Silence;
import org.snoplus.snoop.document.SampleDocument;

/**
 * The alarms' state and its changes, free of OSGi: rules judge each document of their processor
 * ({@link #evaluate}), {@link #tick} (every second) fires rules whose condition has held for their
 * {@code for}, finds missing fields, takes up the alarms raised by processors and the framework's
 * conditions; acknowledgements and silences come from the shell and the REST API. Every change is
 * kept for the next {@code alarms} document ({@link #sample}) and handed to the {@link Listener}
 * (the notifiers) when it is to be notified.
 *
 * <p>Thread-safe: one lock, held for the short work of a document or a tick; never on the event
 * path ({@link #raise} and {@link #clearRaised} only put a request into a concurrent map).
 */
final class Engine {

    /** The processor name of the engine's own documents. */
    static final String NAME = "alarms";
    static final String FRAMEWORK = "snoop";
    static final int RECENT = 1000;
    private static final Pattern RAISED_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    /** Told of each change that is to be notified, under the engine's lock: must not block. */
    interface Listener {
        void changed(Alarm change, List<Alarm> active);
    }

    /** Where the checks find their reference histograms. */
    interface References {
        Histogram reference(String name);
    }

    private record Raised(Severity severity, String message, String origin, boolean clear) {
    }

    private final Clock clock;
    private final LongSupplier periodMs;
    private volatile EngineSettings settings = EngineSettings.defaults();
    private volatile Listener listener = (a, all) -> {
    };
    private volatile References references = n -> null;

    private final Map<String, List<Rule>> files = new TreeMap<>();
    private final Map<String, List<String>> fileProblems = new TreeMap<>();
    private final Map<String, RuleState> rules = new LinkedHashMap<>();
    private Map<String, RuleState[]> byProcessor = Map.of();
    private final Map<String, Alarm> active = new LinkedHashMap<>();
    private final Set<String> notified = new HashSet<>();
    private final Map<String, Silence> silences = new LinkedHashMap<>();
    private final ArrayDeque<Alarm> changes = new ArrayDeque<>();
    private final ArrayDeque<Alarm> recent = new ArrayDeque<>();
    private long changesDropped;
    private long refusedActive;
    private final Map<String, Long> frameworkPending = new HashMap<>();
    private final Map<String, Quality> quality = new TreeMap<>();
    private final ConcurrentHashMap<String, Raised> raised = new ConcurrentHashMap<>();
    private final AtomicLong raisedRefused = new AtomicLong();
    private boolean rulesLoaded;

    Engine(Clock clock, LongSupplier periodMs) {
        this.clock = clock;
        this.periodMs = periodMs;
    }

    void configure(EngineSettings s) {
        settings = s;
    }

    void listener(Listener l) {
        listener = l;
    }

    void references(References r) {
        references = r;
    }

    long now() {
        return clock.millis();
    }

    // ------------------------------------------------------------------ rules

    /**
     * Puts the rules of {@code file} in force, in place of its earlier ones, or keeps those if a
     * rule's name is taken by another file. Alarms of rules that went are cleared.
     *
     * @return the problems (empty when the rules were taken)
     */
    synchronized List<String> rules(String file, List<Rule> fileRules) {
        List<String> problems = new ArrayList<>();
        for (Rule r : fileRules) {
            for (Map.Entry<String, List<Rule>> e : files.entrySet()) {
                if (!e.getKey().equals(file) && e.getValue().stream().anyMatch(o -> o.name().equals(r.name()))) {
                    problems.add(file + ":" + r.line() + ": rule " + r.name() + ": is defined in " + e.getKey()
                            + " already: a rule's name is its alarm's name and must be unique");
                }
            }
        }
        if (!problems.isEmpty()) {
            fileProblems.put(file, problems);
            return problems;
        }
        fileProblems.remove(file);
        files.put(file, List.copyOf(fileRules));
        rebuild();
        return problems;
    }

    /** Records the problems of a file that could not be taken (its last good rules stay). */
    synchronized void rejected(String file, List<String> problems) {
        fileProblems.put(file, List.copyOf(problems));
    }

    /** The rule file is gone: its rules go, their alarms clear. */
    synchronized void removeRules(String file) {
        fileProblems.remove(file);
        if (files.remove(file) != null) {
            rebuild();
        }
    }

    /** The rule files have been read once: alarms of rules that no file has are cleared from now on. */
    synchronized void rulesLoaded() {
        rulesLoaded = true;
    }

    private void rebuild() {
        long now = now();
        Map<String, RuleState> before = new LinkedHashMap<>(rules);
        rules.clear();
        Map<String, List<RuleState>> index = new HashMap<>();
        for (List<Rule> list : files.values()) {
            for (Rule r : list) {
                RuleState old = before.remove(r.name());
                RuleState st = new RuleState(r, now);
                if (old != null && old.rule.field().toString().equals(r.field().toString())) {
                    st.active = old.active;
                    st.activeSince = old.activeSince;
                    st.previous = old.previous;
                    st.previousTime = old.previousTime;
                    st.hasPrevious = old.hasPrevious;
                    st.lastSeen = old.lastSeen;
                    st.value = old.value;
                    st.time = old.time;
                } else if (active.containsKey(r.name())) {
                    st.active = true;
                    st.activeSince = active.get(r.name()).since();
                }
                rules.put(r.name(), st);
                index.computeIfAbsent(r.field().processor, k -> new ArrayList<>()).add(st);
            }
        }
        Map<String, RuleState[]> bp = new HashMap<>();
        index.forEach((k, v) -> bp.put(k, v.toArray(RuleState[]::new)));
        byProcessor = bp;
        for (RuleState gone : before.values()) {
            quality.remove(gone.rule.name());
            Alarm a = active.get(gone.rule.name());
            if (a != null && !FRAMEWORK.equals(a.origin())) {
                clearAlarm(a, "the rule " + gone.rule.name() + " was removed from " + gone.rule.file(), null, now);
            }
        }
    }

    // ------------------------------------------------------------------ documents

    /** Judges {@code doc} by the rules of its processor. */
    synchronized void evaluate(SampleDocument doc) {
        RuleState[] states = byProcessor.get(doc.name());
        if (states == null) {
            return;
        }
        long now = now();
        for (RuleState st : states) {
            try {
                evaluate(st, doc, now);
            } catch (RuntimeException e) {
                // a value of a shape no one foresaw must not stop the other rules
                st.problem = "cannot be judged: " + e;
            }
        }
    }

    private void evaluate(RuleState st, SampleDocument doc, long now) {
        Rule r = st.rule;
        Object raw = r.field().get(doc);
        if (r.kind() == Rule.Kind.MISSING) {
            if (raw != null) {
                st.lastSeen = now;
                st.value = raw;
                st.time = doc.time();
                st.problem = null;
                if (st.active) {
                    st.active = false;
                    clearRule(st, raw, now);
                }
            }
            return;
        }
        if (raw == null) {
            st.problem = "the document of " + doc.time() + " has no " + r.field().path;
            return;
        }
        switch (r.kind()) {
            case ABOVE, BELOW, OUTSIDE -> {
                double v = numeric(st, raw, doc);
                if (Double.isNaN(v)) {
                    return;
                }
                boolean on = switch (r.kind()) {
                    case ABOVE -> v > (st.active ? r.clear() : r.fire());
                    case BELOW -> v < (st.active ? r.clear() : r.fire());
                    default -> st.active ? v < r.clear() || v > r.clearHigh() : v < r.fire() || v > r.fireHigh();
                };
                judged(st, on, v, doc, now);
            }
            case EQUAL -> {
                Object v = raw;
                if (r.divide() != null) {
                    double d = numeric(st, raw, doc);
                    if (Double.isNaN(d)) {
                        return;
                    }
                    v = d;
                }
                judged(st, same(v, r.equal()), v, doc, now);
            }
            case CHANGED -> {
                Object v = scalar(raw);
                boolean changed = st.hasPrevious && !Objects.equals(v, st.previous) && !same(v, st.previous);
                Object before = st.previous;
                st.previous = v;
                st.previousTime = doc.time();
                boolean had = st.hasPrevious;
                st.hasPrevious = true;
                if (!had) {
                    st.value = v;
                    st.time = doc.time();
                    return;
                }
                st.problem = null;
                st.value = v;
                st.time = doc.time();
                if (changed) {
                    st.active = true;
                    st.activeSince = now;
                    fireRule(st, v, before, now);
                } else if (st.active) {
                    st.active = false;
                    clearRule(st, v, now);
                }
            }
            case COMPARE -> compare(st, raw, doc, now);
            default -> throw new AssertionError(r.kind());
        }
    }

    /** The rule's numeric value of this document (ratio, rate), or NaN with the rule's problem set. */
    private double numeric(RuleState st, Object raw, SampleDocument doc) {
        Rule r = st.rule;
        if (!(raw instanceof Number n)) {
            st.problem = r.field().path + " is not a number: " + shorten(raw);
            return Double.NaN;
        }
        double v = n.doubleValue();
        if (r.divide() != null) {
            Object d = r.divide().get(doc);
            if (!(d instanceof Number dn)) {
                st.problem = r.divide().path + (d == null ? " is missing" : " is not a number: " + shorten(d));
                return Double.NaN;
            }
            if (dn.doubleValue() == 0) {
                st.problem = r.divide().path + " is 0: no ratio";
                return Double.NaN;
            }
            v /= dn.doubleValue();
        }
        if (r.rate()) {
            double before = st.hasPrevious && st.previous instanceof Double p ? p : Double.NaN;
            long dt = doc.time() - st.previousTime;
            boolean first = !st.hasPrevious;
            st.previous = v;
            st.previousTime = doc.time();
            st.hasPrevious = true;
            if (first || dt <= 0 || Double.isNaN(before)) {
                st.problem = "a rate needs two documents";
                return Double.NaN;
            }
            v = (v - before) * 1000.0 / dt;
        }
        if (!Double.isFinite(v)) {
            st.problem = "the value is not finite: " + v;
            return Double.NaN;
        }
        return v;
    }

    private void compare(RuleState st, Object raw, SampleDocument doc, long now) {
        Rule r = st.rule;
        Histogram h = Histogram.of(raw);
        if (h == null) {
            st.problem = r.field().path + " is not a histogram";
            return;
        }
        Histogram ref = references.reference(r.reference());
        if (ref == null) {
            st.problem = "no reference named " + r.reference() + " (save one: snoop:reference save " + r.reference()
                    + " " + r.field() + " ...)";
            return;
        }
        if (!h.sameBins(ref)) {
            st.problem = "the bins of " + r.field().path + " differ from those of the reference " + r.reference();
            return;
        }
        long entries = h.entries();
        Quality q;
        if (entries < r.minEntries()) {
            q = new Quality(r.name(), Quality.Level.UNKNOWN, r.test(), Double.NaN, Double.NaN, entries, r.reference(),
                    doc.time());
        } else {
            Comparison.Result res = r.test().equals("chi2") ? Comparison.chi2(h.counts(), ref.counts())
                    : Comparison.ks(h.counts(), ref.counts());
            Quality.Level level = res.p() < r.bad() ? Quality.Level.BAD
                    : res.p() < r.medium() ? Quality.Level.MEDIUM : Quality.Level.GOOD;
            q = new Quality(r.name(), level, r.test(), res.statistic(), res.p(), entries, r.reference(), doc.time());
        }
        st.quality = q;
        quality.put(r.name(), q);
        if (q.level() == Quality.Level.UNKNOWN) {
            st.problem = "too few entries to judge (" + entries + " < " + r.minEntries() + ")";
            return;
        }
        judged(st, q.level().ordinal() >= r.fireLevel().ordinal(), q.level().label(), doc, now);
    }

    private void judged(RuleState st, boolean on, Object value, SampleDocument doc, long now) {
        st.problem = null;
        st.value = value;
        st.time = doc.time();
        if (on) {
            if (!st.active) {
                st.active = true;
                st.activeSince = now;
            }
            Alarm a = active.get(st.rule.name());
            if (a == null) {
                if (now - st.activeSince >= st.rule.forMs()) {
                    fireRule(st, value, null, now);
                }
            } else {
                // the alarm goes on: its message follows the value, without a change in the history
                active.put(a.name(), new Alarm(a.name(), a.severity(), a.state(), a.origin(), message(st, value, null),
                        value, a.since(), a.time(), a.silenced(), a.by(), a.comment()));
            }
        } else if (st.active) {
            st.active = false;
            clearRule(st, value, now);
        }
    }

    private void fireRule(RuleState st, Object value, Object previous, long now) {
        Rule r = st.rule;
        fire(r.name(), r.severity(), r.file(), message(st, value, previous), value, now);
    }

    private void clearRule(RuleState st, Object value, long now) {
        Alarm a = active.get(st.rule.name());
        if (a != null) {
            clearAlarm(a, st.rule.clearMessage().fill(values(st, value, null)), value, now);
        }
    }

    private String message(RuleState st, Object value, Object previous) {
        return st.rule.message().fill(values(st, value, previous));
    }

    private Map<String, Object> values(RuleState st, Object value, Object previous) {
        Rule r = st.rule;
        Map<String, Object> m = new HashMap<>();
        m.put("value", value);
        m.put("field", r.watched());
        m.put("rule", r.name());
        m.put("severity", r.severity().label());
        m.put("for", Durations.format(r.forMs()));
        m.put("previous", previous);
        switch (r.kind()) {
            case ABOVE, BELOW -> {
                m.put("threshold", r.fire());
                m.put("clear", r.clear());
            }
            case OUTSIDE -> {
                m.put("threshold", MessageTemplate.format(r.fire()) + ".." + MessageTemplate.format(r.fireHigh()));
                m.put("clear", MessageTemplate.format(r.clear()) + ".." + MessageTemplate.format(r.clearHigh()));
            }
            case EQUAL -> m.put("threshold", r.equal());
            case MISSING -> m.put("periods", r.periods());
            case COMPARE -> {
                m.put("reference", r.reference());
                m.put("test", r.test());
                if (st.quality != null) {
                    m.put("level", st.quality.level().label());
                    m.put("p", st.quality.p());
                    m.put("statistic", st.quality.statistic());
                }
            }
            default -> {
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ the clock

    /**
     * Every second: rules whose condition has held for their {@code for} fire (when documents stop
     * coming, the last value stands), missing fields are found, processors' requests are taken up,
     * ended silences go.
     */
    synchronized void tick() {
        long now = now();
        long period = Math.max(1, periodMs.getAsLong());
        for (RuleState st : rules.values()) {
            Rule r = st.rule;
            if (r.kind() == Rule.Kind.MISSING) {
                if (!st.active && now - st.lastSeen > r.periods() * period) {
                    st.active = true;
                    st.activeSince = now;
                    fireRule(st, null, null, now);
                }
            } else if (st.active && !active.containsKey(r.name()) && r.kind() != Rule.Kind.CHANGED
                    && now - st.activeSince >= r.forMs()) {
                fireRule(st, st.value, null, now);
            }
        }
        for (Iterator<Map.Entry<String, Raised>> it = raised.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Raised> e = it.next();
            it.remove();
            Raised q = e.getValue();
            Alarm a = active.get(e.getKey());
            if (q.clear) {
                if (a != null && !FRAMEWORK.equals(a.origin()) && !rules.containsKey(a.name())) {
                    clearAlarm(a, "cleared by " + a.origin(), null, now);
                }
            } else if (rules.containsKey(e.getKey()) || (a != null && FRAMEWORK.equals(a.origin()))) {
                LOG.warn("{} raised the alarm {}, which is a rule's: ignored (name it after the processor)", q.origin,
                        e.getKey());
            } else if (a == null) {
                fire(e.getKey(), q.severity, q.origin, q.message, null, now);
            } else {
                active.put(a.name(), new Alarm(a.name(), q.severity, a.state(), a.origin(), q.message, null, a.since(),
                        a.time(), a.silenced(), a.by(), a.comment()));
            }
        }
        silences.values().removeIf(s -> s.until() <= now);
        refreshSilenced();
        if (rulesLoaded) {
            for (Alarm a : List.copyOf(active.values())) {
                if (a.origin() != null && a.origin().endsWith(RuleFiles.EXTENSION) && !rules.containsKey(a.name())) {
                    clearAlarm(a, "its rule is no longer in " + a.origin(), null, now);
                }
            }
        }
    }

    /**
     * The framework's conditions now: new ones fire once they have held for their {@code for},
     * those of earlier checks that are gone clear.
     */
    synchronized void framework(Collection<Condition> conditions) {
        long now = now();
        Set<String> holding = new HashSet<>();
        for (Condition c : conditions) {
            holding.add(c.name());
            long since = frameworkPending.computeIfAbsent(c.name(), k -> now);
            Alarm a = active.get(c.name());
            if (a == null) {
                if (now - since >= c.forMs()) {
                    fire(c.name(), c.severity(), FRAMEWORK, c.message(), c.value(), now);
                }
            } else if (FRAMEWORK.equals(a.origin())) {
                active.put(a.name(), new Alarm(a.name(), c.severity(), a.state(), a.origin(), c.message(), c.value(),
                        a.since(), a.time(), a.silenced(), a.by(), a.comment()));
            }
        }
        frameworkPending.keySet().retainAll(holding);
        for (Alarm a : List.copyOf(active.values())) {
            if (FRAMEWORK.equals(a.origin()) && !holding.contains(a.name())) {
                clearAlarm(a, "resolved: " + a.message(), null, now);
            }
        }
    }

    // ------------------------------------------------------------------ processors' own alarms

    /** A processor's request, taken up at the next tick; never blocks. */
    void raise(String origin, String name, Severity severity, String message) {
        checkRaisedName(name);
        Objects.requireNonNull(severity, "severity");
        String m = message == null ? name : message.length() > MessageTemplate.MAX_LENGTH
                ? message.substring(0, MessageTemplate.MAX_LENGTH) : message;
        request(name, new Raised(severity, m, origin, false));
    }

    void clearRaised(String origin, String name) {
        checkRaisedName(name);
        request(name, new Raised(Severity.INFO, null, origin, true));
    }

    private void request(String name, Raised r) {
        if (raised.size() >= settings.maxRaised() && !raised.containsKey(name)) {
            if (raisedRefused.getAndIncrement() == 0) {
                LOG.error("more than {} alarm requests of processors wait at once: {} refused (and the next, counted)",
                        settings.maxRaised(), name);
            }
            return;
        }
        raised.put(name, r);
    }

    private static void checkRaisedName(String name) {
        if (name == null || !RAISED_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an alarm's name has letters, digits, '.', '_' and '-', at most 128 "
                    + "characters, not '" + (name == null ? null : shorten(name)) + "'");
        }
        if (name.startsWith(FRAMEWORK + ".")) {
            throw new IllegalArgumentException("alarm names starting with 'snoop.' are the framework's: " + name);
        }
    }

    // ------------------------------------------------------------------ states

    private void fire(String name, Severity severity, String origin, String message, Object value, long now) {
        if (active.size() >= settings.maxActive()) {
            if (refusedActive++ == 0) {
                LOG.error("{} alarms are active, the most kept: {} and those after it are not raised (counted)",
                        settings.maxActive(), name);
            }
            return;
        }
        Alarm a = new Alarm(name, severity, AlarmState.FIRING, origin, message, value, now, now, silenced(name), null,
                null);
        active.put(name, a);
        record(a);
    }

    private void clearAlarm(Alarm a, String message, Object value, long now) {
        active.remove(a.name());
        RuleState st = rules.get(a.name());
        if (st != null) {
            st.active = false;
        }
        record(new Alarm(a.name(), a.severity(), AlarmState.CLEARED, a.origin(), message, value, a.since(), now,
                a.silenced() || silenced(a.name()), a.by(), a.comment()));
    }

    private void record(Alarm change) {
        if (changes.size() >= settings.maxChanges()) {
            changes.pollFirst();
            changesDropped++;
        }
        changes.addLast(change);
        if (recent.size() >= RECENT) {
            recent.pollFirst();
        }
        recent.addLast(change);
        if (change.state() == AlarmState.FIRING) {
            LOG.warn("alarm {} ({}): {}", change.name(), change.severity().label(), change.message());
        } else {
            LOG.info("alarm {} {}: {}", change.name(), change.state().label(), change.message());
        }
        boolean notify = switch (change.state()) {
            case FIRING -> !change.silenced() && change.severity().compareTo(settings.notifySeverity()) >= 0
                    && notified.add(change.name());
            case ACKNOWLEDGED -> notified.contains(change.name());
            case CLEARED -> notified.remove(change.name());
        };
        if (notify) {
            try {
                listener.changed(change, activeList());
            } catch (RuntimeException e) {
                LOG.error("notifying {} failed", change.name(), e);
            }
        }
    }

    private boolean silenced(String name) {
        for (Silence s : silences.values()) {
            if (s.covers(name)) {
                return true;
            }
        }
        return false;
    }

    private void refreshSilenced() {
        for (Map.Entry<String, Alarm> e : active.entrySet()) {
            Alarm a = e.getValue();
            boolean s = silenced(a.name());
            if (s != a.silenced()) {
                e.setValue(new Alarm(a.name(), a.severity(), a.state(), a.origin(), a.message(), a.value(), a.since(),
                        a.time(), s, a.by(), a.comment()));
            }
        }
    }

    synchronized Alarm acknowledge(String name, String by, String comment) {
        Alarm a = active.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no alarm named '" + shorten(name) + "' is active"
                    + (active.isEmpty() ? "" : " (active: " + String.join(", ", active.keySet().stream().limit(10).toList())
                            + ")"));
        }
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("say who acknowledges (a name or initials)");
        }
        String who = clip(by.strip(), 100);
        String c = comment == null ? "" : clip(comment.strip(), 1000);
        Alarm ack = new Alarm(a.name(), a.severity(), AlarmState.ACKNOWLEDGED, a.origin(), a.message(), a.value(),
                a.since(), now(), a.silenced(), who, c);
        active.put(name, ack);
        record(ack);
        return ack;
    }

    synchronized Silence silence(String pattern, long durationMs, String by, String comment) {
        if (pattern == null || !pattern.matches("[A-Za-z0-9*][A-Za-z0-9._*-]{0,127}")) {
            throw new IllegalArgumentException("a silence names an alarm or a pattern with '*' (letters, digits, . _ - *), "
                    + "not '" + (pattern == null ? null : shorten(pattern)) + "'");
        }
        if (durationMs <= 0 || durationMs > settings.maxSilenceMs()) {
            throw new IllegalArgumentException("a silence lasts from 1 s to " + Durations.format(settings.maxSilenceMs())
                    + ", not " + Durations.format(Math.max(0, durationMs)));
        }
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("say who silences (a name or initials)");
        }
        if (!silences.containsKey(pattern) && silences.size() >= settings.maxSilences()) {
            throw new IllegalArgumentException(settings.maxSilences() + " silences are set, the most allowed: end one first");
        }
        long now = now();
        Silence s = new Silence(pattern, now, now + durationMs, clip(by.strip(), 100),
                comment == null ? "" : clip(comment.strip(), 1000));
        silences.put(pattern, s);
        refreshSilenced();
        LOG.info("silence of {} until {} by {}: {}", pattern, java.time.Instant.ofEpochMilli(s.until()), s.by(), s.comment());
        return s;
    }

    synchronized boolean unsilence(String pattern) {
        boolean had = silences.remove(pattern) != null;
        refreshSilenced();
        return had;
    }

    synchronized List<Silence> silences() {
        long now = now();
        return silences.values().stream().filter(s -> s.until() > now).toList();
    }

    synchronized List<Alarm> active() {
        return activeList();
    }

    private List<Alarm> activeList() {
        List<Alarm> out = new ArrayList<>(active.values());
        out.sort(Comparator.comparing(Alarm::severity).reversed().thenComparing(Comparator.comparingLong(Alarm::since)
                .reversed()));
        return out;
    }

    /** The latest changes kept in memory (at most {@value #RECENT}), oldest first. */
    synchronized List<Alarm> recent() {
        return List.copyOf(recent);
    }

    synchronized Map<String, Quality> quality() {
        return new TreeMap<>(quality);
    }

    synchronized List<RuleInfo> ruleInfos() {
        List<RuleInfo> out = new ArrayList<>();
        for (RuleState st : rules.values()) {
            Rule r = st.rule;
            Alarm a = active.get(r.name());
            String state = a != null ? a.state().label() : st.active ? "pending" : st.time == 0 && st.value == null
                    ? "no data" : "ok";
            out.add(new RuleInfo(r.name(), r.file(), r.watched(), r.condition(), r.severity(), state, st.value, st.time,
                    st.problem));
        }
        return out;
    }

    synchronized List<String> problems() {
        List<String> out = new ArrayList<>();
        fileProblems.values().forEach(out::addAll);
        return out;
    }

    synchronized int ruleCount() {
        return rules.size();
    }

    // ------------------------------------------------------------------ documents and checkpoints

    /** The body of the next {@code alarms} document: counts, the changes since the last one, the checks' quality. */
    synchronized Map<String, Object> sample() {
        Map<String, Object> m = new LinkedHashMap<>();
        int firing = 0;
        int acknowledged = 0;
        int silenced = 0;
        int[] bySeverity = new int[Severity.values().length];
        for (Alarm a : active.values()) {
            if (a.silenced()) {
                silenced++;
                continue;
            }
            if (a.state() == AlarmState.FIRING) {
                firing++;
            } else {
                acknowledged++;
            }
            bySeverity[a.severity().ordinal()]++;
        }
        m.put("firing", firing);
        m.put("acknowledged", acknowledged);
        m.put("silenced", silenced);
        for (Severity s : Severity.values()) {
            m.put(s.label(), bySeverity[s.ordinal()]);
        }
        List<Object> list = new ArrayList<>(changes.size());
        for (Alarm a : changes) {
            list.add(a.toMap());
        }
        changes.clear();
        m.put("changes", list);
        if (changesDropped > 0) {
            m.put("changes_dropped", changesDropped);
            changesDropped = 0;
        }
        Map<String, Object> q = new LinkedHashMap<>();
        quality.forEach((k, v) -> q.put(k, v.toMap()));
        m.put("quality", q);
        m.put("rules", rules.size());
        m.put("rule_problems", fileProblems.values().stream().mapToInt(List::size).sum());
        long refused = raisedRefused.getAndSet(0) + refusedActive;
        refusedActive = 0;
        if (refused > 0) {
            m.put("refused", refused);
        }
        return m;
    }

    /** What a restart needs: active alarms, who was notified, silences, pending conditions. JSON-compatible. */
    synchronized Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", active.values().stream().map(Alarm::toMap).toList());
        m.put("notified", List.copyOf(notified));
        m.put("silences", silences.values().stream().map(Silence::toMap).toList());
        Map<String, Object> pending = new LinkedHashMap<>();
        Map<String, Object> seen = new LinkedHashMap<>();
        for (RuleState st : rules.values()) {
            if (st.active && !active.containsKey(st.rule.name())) {
                pending.put(st.rule.name(), st.activeSince);
            }
            if (st.rule.kind() == Rule.Kind.MISSING) {
                seen.put(st.rule.name(), st.lastSeen);
            }
        }
        m.put("pending", pending);
        m.put("seen", seen);
        m.put("framework", new LinkedHashMap<>(frameworkPending));
        m.put("changes", changes.stream().map(Alarm::toMap).toList());
        return m;
    }

    /** Takes back what {@link #state} gave (after a restart or an upgrade), replacing the state. */
    synchronized void restore(Object state) {
        if (!(state instanceof Map<?, ?> m)) {
            return;
        }
        active.clear();
        for (Object o : list(m.get("active"))) {
            try {
                Alarm a = Alarm.fromMap((Map<?, ?>) o);
                if (a.active()) {
                    active.put(a.name(), a);
                }
            } catch (RuntimeException e) {
                LOG.warn("an alarm of the checkpoint is not taken back: {}", e.getMessage());
            }
        }
        notified.clear();
        for (Object o : list(m.get("notified"))) {
            notified.add(String.valueOf(o));
        }
        silences.clear();
        for (Object o : list(m.get("silences"))) {
            if (o instanceof Map<?, ?> s && s.get("pattern") instanceof String p && s.get("until") instanceof Number u) {
                silences.put(p, new Silence(p, s.get("since") instanceof Number n ? n.longValue() : 0, u.longValue(),
                        String.valueOf(s.get("by")), s.get("comment") == null ? "" : String.valueOf(s.get("comment"))));
            }
        }
        Map<?, ?> pending = m.get("pending") instanceof Map<?, ?> p ? p : Map.of();
        Map<?, ?> seen = m.get("seen") instanceof Map<?, ?> p ? p : Map.of();
        for (RuleState st : rules.values()) {
            Alarm a = active.get(st.rule.name());
            if (a != null) {
                st.active = true;
                st.activeSince = a.since();
            } else if (pending.get(st.rule.name()) instanceof Number n) {
                st.active = true;
                st.activeSince = n.longValue();
            }
            if (seen.get(st.rule.name()) instanceof Number n) {
                st.lastSeen = n.longValue();
            }
        }
        frameworkPending.clear();
        if (m.get("framework") instanceof Map<?, ?> f) {
            f.forEach((k, v) -> {
                if (v instanceof Number n) {
                    frameworkPending.put(String.valueOf(k), n.longValue());
                }
            });
        }
        for (Object o : list(m.get("changes"))) {
            try {
                changes.addLast(Alarm.fromMap((Map<?, ?>) o));
            } catch (RuntimeException e) {
                // a change that cannot be read back is lost for the history only
            }
        }
        refreshSilenced();
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    // ------------------------------------------------------------------ helpers

    /** Equal as values: numbers by value, text and booleans as they are. */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof String x && b instanceof Boolean y) {
            return x.equalsIgnoreCase(y.toString());
        }
        return Objects.equals(a, b);
    }

    /** A value kept between documents: scalars as they are, anything else as its text (bounded). */
    private static Object scalar(Object v) {
        if (v == null || v instanceof Number || v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof long[] l) {
            return clip(Arrays.toString(l), 200);
        }
        if (v instanceof double[] d) {
            return clip(Arrays.toString(d), 200);
        }
        return clip(String.valueOf(v), 200);
    }

    static String shorten(Object v) {
        String s = String.valueOf(v);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    private static String clip(String s, int n) {
        return s.length() > n ? s.substring(0, n) : s;
    }
}
