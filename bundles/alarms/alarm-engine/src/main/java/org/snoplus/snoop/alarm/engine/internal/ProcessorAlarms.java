package org.snoplus.snoop.alarm.engine.internal;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.snoplus.snoop.alarm.AlarmService;
import org.snoplus.snoop.alarm.Alarms;
import org.snoplus.snoop.alarm.Severity;

/**
 * The {@link Alarms} a processor gets: one per bundle that uses it (a bundle-scoped service), so
 * that its alarms say which bundle raised them.
 */
@Component(service = Alarms.class, scope = ServiceScope.BUNDLE)
public class ProcessorAlarms implements Alarms {

    @Reference(target = "(component.name=" + AlarmEngineComponent.PID + ")")
    private AlarmService service;

    private Engine engine;
    private String origin;

    @Activate
    void activate(ComponentContext context) {
        Bundle b = context.getUsingBundle();
        origin = "bundle " + (b == null ? "?" : b.getSymbolicName());
        engine = ((AlarmEngineComponent) service).engine();
    }

    @Override
    public void raise(String name, Severity severity, String message) {
        engine.raise(origin, name, severity, message);
    }

    @Override
    public void clear(String name) {
        engine.clearRaised(origin, name);
    }
}
