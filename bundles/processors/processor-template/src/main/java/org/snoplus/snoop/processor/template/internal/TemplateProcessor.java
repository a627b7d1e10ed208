package org.snoplus.snoop.processor.template.internal;

import static org.snoplus.snoop.processor.support.ConfigValues.check;
import static org.snoplus.snoop.processor.support.StateValues.count;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.processor.support.LastGoodConfig;

/**
 * The mean NHIT of the events of each sample window, and how many had at least {@code threshold}
 * hits. Each sample is
 * <pre>{"events": 2000, "mean.nhit": 41.7, "above": 12, "threshold": 100}</pre>
 * ({@code mean.nhit} is null in a window without events).
 *
 * <p>The framework calls, one at a time and never at once, so no locks are needed:
 * {@link #activate} with the configuration, {@link #event} for every SNO+ event in order,
 * {@link #sample} every sample period, and on an upgrade {@link #handoff} on the old version and
 * {@link #takeover} on the new one. The name in {@code @Component} is the processor's name: the
 * documents carry it and {@code conf/template.cfg} configures it.
 */
@Component(name = "template", service = Processor.class, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TemplateConfig.class)
public class TemplateProcessor implements Processor<PmtEvent> {

    private int threshold;

    // the current window: plain fields, reset by sample()
    private long events;
    private long hits;
    private long above;

    /**
     * Checks the configuration. An exception here keeps the processor from starting with a bad
     * value; its message goes to the log, so it names the key and says what is wrong.
     */
    @Activate
    void activate(TemplateConfig config, Map<String, Object> properties) {
        // a bad value in its conf/ file leaves the processor running with the values it had
        LastGoodConfig.apply(config, properties, this::configure);
    }

    /** Checks and applies every value; throws on a bad one (the previous configuration is then applied again). */
    void configure(TemplateConfig config) {
        int t = config.threshold();
        check(t >= 0, "threshold", "must be 0 or more, not " + t);
        threshold = t;
    }

    @Override
    public Class<PmtEvent> eventType() {
        return PmtEvent.class; // SNO+ events only; run headers and other records are not delivered
    }

    /**
     * Every event, about a thousand a second: add to counters, do not allocate, and do not keep
     * {@code ev} (readers reuse it). Read the hits through {@code ev.lcn()}, {@code ev.qhs()}...,
     * indices {@code 0..ev.nhit()-1}.
     */
    @Override
    public void event(PmtEvent ev) {
        int nhit = ev.nhit();
        events++;
        hits += nhit;
        if (nhit >= threshold) {
            above++;
        }
    }

    /**
     * Every sample period: the window's figures as a map of numbers, strings, booleans, lists and
     * maps (for histograms and per-channel values see {@code org.snoplus.snoop.document.Shapes}).
     * The framework adds the name, the time and the window. Then start the next window.
     */
    @Override
    public Map<String, Object> sample() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", events);
        // null, not 0, when there is nothing to average (and NaN is not JSON)
        m.put("mean.nhit", events == 0 ? null : (double) hits / events);
        m.put("above", above);
        m.put("threshold", (long) threshold);
        events = 0;
        hits = 0;
        above = 0;
        return m;
    }

    /**
     * What the next version needs to go on where this one stopped: the unsampled window. Plain
     * data only (maps, lists, strings, numbers, booleans): the next version's classes are not these.
     */
    @Override
    public Object handoff() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("events", events);
        state.put("hits", hits);
        state.put("above", above);
        return state;
    }

    /**
     * Takes over what the previous version handed over (it may be older or newer: read what you
     * know, check it, ignore the rest). Replace the state, never add to it.
     */
    @Override
    public void takeover(Object state) {
        if (state instanceof Map<?, ?> m) {
            events = count(m.get("events"));
            hits = count(m.get("hits"));
            above = Math.min(count(m.get("above")), events);
        }
    }
}
