package org.snoplus.snoop.processor.rate.internal;

import static org.snoplus.snoop.processor.support.ConfigValues.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.stats.Precision;
import org.snoplus.snoop.processor.support.LastGoodConfig;

/**
 * The event rate. Each sample is
 * <pre>{"events": events in this window, "seconds": length of the window, "rate": events/seconds (Hz),
 *  "peak": highest rate of the last peak.samples windows, "total": events since first deployment}</pre>
 *
 * <p>{@link #event} only counts: reading a clock per event costs more than the whole event at
 * 20 MHz, so time is read once per sample and the window is the time since the previous sample
 * (or since activation). The peak is therefore a peak of window rates, not of instantaneous ones.
 */
@Component(name = "rate", service = Processor.class, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RateConfig.class)
public class EventRate implements Processor<Object> {

    static final int MAX_PEAK_SAMPLES = 100_000;

    private final LongSupplier nanoTime;
    private final LongSupplier currentTimeMillis;

    private RateHistory history;
    /** Events in the current window. */
    private long events;
    /** Events of earlier windows, by this instance and its predecessors. */
    private long counted;
    /** When the current window started, in {@link System#nanoTime()} units. */
    private long windowStart;

    public EventRate() {
        this(System::nanoTime, System::currentTimeMillis);
    }

    /** With clocks of the test's choosing. */
    EventRate(LongSupplier nanoTime, LongSupplier currentTimeMillis) {
        this.nanoTime = nanoTime;
        this.currentTimeMillis = currentTimeMillis;
    }

    @Activate
    void activate(RateConfig config, Map<String, Object> properties) {
        // a bad value in its conf/ file leaves the processor running with the values it had
        LastGoodConfig.apply(config, properties, this::configure);
    }

    /** Checks and applies every value; throws on a bad one (the previous configuration is then applied again). */
    void configure(RateConfig config) {
        int n = config.peak_samples();
        check(n >= 1 && n <= MAX_PEAK_SAMPLES, "peak.samples",
                "must be between 1 and " + MAX_PEAK_SAMPLES + ", not " + n);
        history = new RateHistory(n);
        windowStart = nanoTime.getAsLong();
    }

    @Override
    public Class<Object> eventType() {
        return Object.class;
    }

    @Override
    public void event(Object event) {
        events++;
    }

    @Override
    public Map<String, Object> sample() {
        long now = nanoTime.getAsLong();
        double seconds = Math.max(0, now - windowStart) / 1e9;
        // a window of no length has no rate; NaN and Infinity are not JSON
        double rate = seconds > 0 ? events / seconds : 0;
        history.add(rate);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", events);
        m.put("seconds", Precision.round(seconds));
        m.put("rate", Precision.round(rate));
        m.put("peak", Precision.round(history.max()));
        m.put("total", counted + events);
        counted += events;
        events = 0;
        windowStart = now;
        return m;
    }

    /**
     * The window so far (its events and its start as wall-clock time, since nanoTime values mean
     * nothing to another clock), the past window rates and the total.
     */
    @Override
    public Object handoff() {
        long elapsedMs = (nanoTime.getAsLong() - windowStart) / 1_000_000;
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("events", events);
        state.put("total", counted + events);
        state.put("window.start", currentTimeMillis.getAsLong() - elapsedMs);
        state.put("rates", history.toList());
        return state;
    }

    @Override
    public void takeover(Object state) {
        if (!(state instanceof Map<?, ?> m)) {
            return;
        }
        long window = Math.max(0, number(m.get("events")));
        long total = Math.max(window, number(m.get("total")));
        // replace, never add: this instance may have run before (a rollback makes it live again)
        events = window;
        counted = total - window;
        // The window goes on: it spans the gap between the two instances, whose events were held
        // and are delivered to this one.
        if (m.get("window.start") instanceof Number start) {
            long elapsedMs = currentTimeMillis.getAsLong() - start.longValue();
            if (elapsedMs >= 0) { // else the wall clock was set back: start the window now
                windowStart = nanoTime.getAsLong() - elapsedMs * 1_000_000;
            }
        }
        if (m.get("rates") instanceof List<?> rates) {
            history.clear();
            // oldest first: if this instance keeps fewer, the newest stay
            for (Object r : rates) {
                if (r instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() >= 0) {
                    history.add(n.doubleValue());
                }
            }
        }
    }

    private static long number(Object v) {
        return v instanceof Number n ? n.longValue() : 0;
    }
}
