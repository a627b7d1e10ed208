package org.snoplus.snoop.web.dashboard.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snoplus.snoop.admin.LoopInfo;
import org.snoplus.snoop.admin.ProcessorInfo;
import org.snoplus.snoop.admin.ReaderInfo;
import org.snoplus.snoop.admin.SnoopAdmin;
import org.snoplus.snoop.admin.WriterInfo;

/**
 * The platform's heartbeat for the pages ({@code /-/status}): the loop, every processor, reader and
 * writer with its state and counters, and the live stream's own. What {@code snoop:status} and
 * {@code snoop:processors} show in the shell, as JSON.
 */
final class Status {

    private Status() {
    }

    static Map<String, Object> of(SnoopAdmin admin, Map<String, Object> live, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", now);
        m.put("admin", admin != null);
        if (admin != null) {
            LoopInfo l = admin.loop();
            Map<String, Object> loop = new LinkedHashMap<>();
            loop.put("events", l.events());
            loop.put("rate", l.rate());
            loop.put("buffered", l.buffered());
            loop.put("capacity", l.capacity());
            loop.put("period", l.samplePeriodMs());
            loop.put("run", l.run());
            m.put("loop", loop);
            List<Object> processors = new ArrayList<>();
            for (ProcessorInfo p : admin.processors()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("name", p.name());
                e.put("state", p.state().name());
                e.put("version", p.version());
                e.put("events", p.events());
                e.put("errors", p.errors());
                e.put("aborts", p.aborts());
                e.put("lost", p.lost());
                e.put("samples", p.samples());
                e.put("lastSample", p.lastSampleTime());
                e.put("lastError", p.lastError());
                processors.add(e);
            }
            m.put("processors", processors);
            List<Object> readers = new ArrayList<>();
            for (ReaderInfo r : admin.readers()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("name", r.name());
                e.put("state", r.state().name());
                e.put("events", r.events());
                e.put("rate", r.rate());
                e.put("malformed", r.malformed());
                e.put("description", r.description());
                e.put("lastError", r.lastError());
                readers.add(e);
            }
            m.put("readers", readers);
            List<Object> writers = new ArrayList<>();
            for (WriterInfo w : admin.writers()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("name", w.name());
                e.put("state", w.state().name());
                e.put("queued", w.queued());
                e.put("capacity", w.capacity());
                e.put("written", w.written());
                e.put("dropped", w.dropped());
                e.put("failures", w.failures());
                e.put("description", w.description());
                e.put("lastError", w.lastError());
                writers.add(e);
            }
            m.put("writers", writers);
        }
        m.put("live", live);
        return m;
    }
}
