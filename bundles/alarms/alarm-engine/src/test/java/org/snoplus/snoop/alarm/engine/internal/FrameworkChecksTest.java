package org.snoplus.snoop.alarm.engine.internal;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.Test;
import org.snoplus.snoop.admin.LoopInfo;
import org.snoplus.snoop.admin.ProcessorInfo;
import org.snoplus.snoop.admin.ProcessorState;
import org.snoplus.snoop.admin.ReaderInfo;
import org.snoplus.snoop.admin.SnoopAdmin;
import org.snoplus.snoop.admin.WriterInfo;
import org.snoplus.snoop.alarm.Severity;
import org.snoplus.snoop.document.SampleDocument;

/** The framework's own alarms about processors, from what the admin view says of them. */
public class FrameworkChecksTest {

    static final long NOW = 1_000_000_000L;

    static ProcessorInfo processor(String name, ProcessorState state, long lastSample) {
        return new ProcessorInfo(name, "1.0.0", "b", state, 10, 0, 3, 0, 0, 5, lastSample, "boom");
    }

    static SnoopAdmin admin(List<ProcessorInfo> processors) {
        return new SnoopAdmin() {
            public List<ProcessorInfo> processors() {
                return processors;
            }

            public List<ReaderInfo> readers() {
                return List.of();
            }

            public List<WriterInfo> writers() {
                return List.of();
            }

            public LoopInfo loop() {
                return new LoopInfo(0, 0, 0, 1024, 2000, -1);
            }

            public SampleDocument sampleNow(String name, Duration timeout) {
                throw new UnsupportedOperationException();
            }

            public void enable(String name) {
            }

            public void disable(String name) {
            }

            public void drain(Duration timeout) {
            }
        };
    }

    @Test
    public void eachStateItsAlarmAndADisabledOneNoHeartbeat() {
        FrameworkChecks checks = new FrameworkChecks();
        FrameworkChecks.Settings s = new FrameworkChecks.Settings(3, 5, 50, 50, null, 10, 3);
        List<Condition> out = checks.check(admin(List.of(
                processor("fine", ProcessorState.ACTIVE, NOW - 1000),
                processor("silent", ProcessorState.ACTIVE, NOW - 60_000),
                processor("broken", ProcessorState.QUARANTINED, NOW - 60_000),
                processor("stuck", ProcessorState.HUNG, NOW - 60_000),
                processor("resting", ProcessorState.DISABLED, NOW - 60_000))), s, NOW);
        assertEquals(List.of("snoop.processor.silent.heartbeat", "snoop.processor.broken.quarantined",
                "snoop.processor.stuck.hung", "snoop.processor.resting.disabled"),
                out.stream().map(Condition::name).toList());
        assertEquals(Severity.INFO, out.get(3).severity());
        assertEquals("processor resting is disabled by an operator (snoop:enable resting lets it run again)",
                out.get(3).message());
    }
}
