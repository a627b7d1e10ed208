package org.snoplus.snoop.launcher.stuck;

import java.util.Map;

import org.snoplus.snoop.processor.Processor;

/**
 * A processor with a bug: its {@code event()} never returns from the 2000th event on. Packed into a
 * bundle of its own by {@code StuckProcessorIT} (a Declarative Services component named "stuck").
 */
public class StuckProcessor implements Processor<Object> {

    private long total;

    @Override
    public Class<Object> eventType() {
        return Object.class;
    }

    @Override
    public void event(Object event) {
        if (++total == 2000) {
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // a real bug does not care either
                }
            }
        }
    }

    @Override
    public Map<String, Object> sample() {
        return Map.of("total", total);
    }
}
