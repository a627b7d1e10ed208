package org.snoplus.snoop.processor.count.internal;

import static org.snoplus.snoop.processor.support.ConfigValues.check;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.processor.ProcessorAbort;
import org.snoplus.snoop.processor.support.LastGoodConfig;

/**
 * Counts events. Each sample is
 * <pre>{"count": events in this window, "total": events since first deployment, "aborted": events given up in this window}</pre>
 * and the total survives upgrades and reconfiguration through {@link #handoff()}.
 */
@Component(name = "count", service = Processor.class, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CountConfig.class)
public class EventCounter implements Processor<Object> {

    private long abortEvery;
    private long untilAbort;
    private ProcessorAbort abort;

    /** Events counted in the current window. */
    private long count;
    /** Events counted in earlier windows, by this instance and its predecessors; total = counted + count. */
    private long counted;
    /** Events aborted in the current window. */
    private long aborted;

    @Activate
    void activate(CountConfig config, Map<String, Object> properties) {
        // a bad value in its conf/ file leaves the processor running with the values it had
        LastGoodConfig.apply(config, properties, this::configure);
    }

    /** Checks and applies every value; throws on a bad one (the previous configuration is then applied again). */
    void configure(CountConfig config) {
        long every = config.abort_every();
        check(every >= 0, "abort.every", "must be 0 (never) or positive, not " + every);
        abortEvery = every;
        untilAbort = every;
        // Made once: event() must not allocate, and a stack trace says nothing about a planned abort.
        abort = every > 0 ? new PlannedAbort("abort.every=" + every + ": skipped on purpose") : null;
    }

    @Override
    public Class<Object> eventType() {
        return Object.class;
    }

    @Override
    public void event(Object event) {
        if (abortEvery != 0 && --untilAbort == 0) {
            untilAbort = abortEvery;
            aborted++;
            throw abort;
        }
        count++;
    }

    @Override
    public Map<String, Object> sample() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        m.put("total", counted + count);
        m.put("aborted", aborted);
        counted += count;
        count = 0;
        aborted = 0;
        return m;
    }

    /** The total, and the current window's counts, which the successor's first sample reports. */
    @Override
    public Object handoff() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("total", counted + count);
        state.put("count", count);
        state.put("aborted", aborted);
        return state;
    }

    @Override
    public void takeover(Object state) {
        if (!(state instanceof Map<?, ?> m)) {
            return;
        }
        long window = Math.max(0, number(m.get("count")));
        long total = Math.max(window, number(m.get("total")));
        // replace, never add: this instance may have counted before (a rollback makes it live again)
        count = window;
        counted = total - window;
        aborted = Math.max(0, number(m.get("aborted")));
    }

    private static long number(Object v) {
        return v instanceof Number n ? n.longValue() : 0;
    }

    /** An abort without a stack trace, thrown again and again. */
    private static final class PlannedAbort extends ProcessorAbort {
        private static final long serialVersionUID = 1L;

        PlannedAbort(String reason) {
            super(reason);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
