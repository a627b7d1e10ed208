package org.snoplus.snoop.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Version;
import org.snoplus.snoop.admin.ProcessorInfo;
import org.snoplus.snoop.admin.ProcessorState;

/** snoop:disable and snoop:enable in the engine: out of the loop and the sampler, state kept, kept across restarts. */
public class DisableTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Engine engine;
    private final EngineTest.CollectingWriter writer = new EngineTest.CollectingWriter();

    private Engine start(Path disabledFile) {
        engine = new Engine(new CoreSettings(50, 300, 2000, 5, 1 << 12, 5000, "test", 1000), Durability.NONE,
                disabledFile);
        engine.addWriter("mem", writer, 0);
        engine.start();
        return engine;
    }

    @After
    public void stop() {
        if (engine != null) {
            engine.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    public void aDisabledProcessorGetsNoEventsNorSamplesAndResumesWithItsStateWhenEnabled() throws Exception {
        start(null);
        EngineTest.Counter off = new EngineTest.Counter();
        EngineTest.Counter other = new EngineTest.Counter();
        engine.bind("off", off, Version.parseVersion("1"), "b");
        engine.bind("other", other, Version.parseVersion("1"), "b");
        EngineTest.Numbers numbers = new EngineTest.Numbers(30_000, 10_000);
        engine.addReader("numbers", numbers);
        waitFor(() -> info("off").events() > 2000);

        engine.disable("off");
        assertEquals(ProcessorState.DISABLED, info("off").state());
        long events = info("off").events();
        long kept = off.total;
        assertEquals(events, kept);
        int docs = writer.of("off").size();
        long otherBefore = info("other").events();
        waitFor(() -> info("other").events() > otherBefore + 5000);
        assertEquals("no events while disabled", events, info("off").events());
        assertEquals("its state untouched", kept, off.total);
        assertEquals("no samples while disabled", docs, writer.of("off").size());
        IllegalArgumentException sample = assertThrows(IllegalArgumentException.class,
                () -> engine.sampleNow("off", Duration.ofSeconds(1)));
        assertTrue(sample.getMessage(), sample.getMessage().contains("disabled"));

        engine.enable("off");
        assertEquals(ProcessorState.ACTIVE, info("off").state());
        waitFor(() -> numbers.done);
        waitFor(() -> info("other").events() == 30_000);
        waitFor(() -> info("off").events() > events);
        assertTrue("counting goes on from the kept total", off.total > kept);
        assertEquals("the counter and the core agree", info("off").events(), off.total);
        assertTrue("the events published while disabled are not given to it afterwards", off.total < 30_000);
    }

    @Test
    public void unknownNamesAndWrongStatesAreRefusedWithAClearMessage() throws Exception {
        start(null);
        engine.bind("count", new EngineTest.Counter(), Version.parseVersion("1"), "b");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.disable("nosuch"));
        assertEquals("no processor named 'nosuch'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> engine.enable("count"));
        assertTrue(e.getMessage(), e.getMessage().contains("neither quarantined nor disabled"));
        engine.disable("count");
        e = assertThrows(IllegalArgumentException.class, () -> engine.disable("count"));
        assertTrue(e.getMessage(), e.getMessage().contains("disabled already"));
        engine.enable("count");
        assertEquals(ProcessorState.ACTIVE, info("count").state());
    }

    @Test
    public void aNewVersionOfADisabledProcessorTakesItsStateAndStaysDisabled() throws Exception {
        start(null);
        EngineTest.Counter v1 = new EngineTest.Counter();
        engine.bind("count", v1, Version.parseVersion("1"), "b");
        engine.addReader("numbers", new EngineTest.Numbers(5000, 0));
        waitFor(() -> info("count").events() == 5000);
        engine.disable("count");
        EngineTest.Counter v2 = new EngineTest.Counter();
        engine.bind("count", v2, Version.parseVersion("2"), "b");
        waitFor(() -> "2.0.0".equals(info("count").version()));
        assertEquals(ProcessorState.DISABLED, info("count").state());
        assertEquals(5000, v2.total);
        engine.unbind(v2); // rolls back to version 1, still disabled
        waitFor(() -> "1.0.0".equals(info("count").version()));
        assertEquals(ProcessorState.DISABLED, info("count").state());
    }

    @Test
    public void theDisabledNamesSurviveARestart() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("state/disabled-processors.txt");
        start(file);
        engine.bind("count", new EngineTest.Counter(), Version.parseVersion("1"), "b");
        engine.bind("rate", new EngineTest.Counter(), Version.parseVersion("1"), "b");
        engine.disable("count");
        assertTrue(Files.readString(file).contains("\ncount\n"));
        engine.stop(Duration.ofSeconds(5));

        start(file);
        engine.bind("count", new EngineTest.Counter(), Version.parseVersion("1"), "b");
        engine.bind("rate", new EngineTest.Counter(), Version.parseVersion("1"), "b");
        assertEquals(ProcessorState.DISABLED, info("count").state());
        assertTrue(info("rate").state() != ProcessorState.DISABLED);
        engine.enable("count");
        assertFalse(Files.readString(file).contains("count"));
        assertTrue(info("count").state() != ProcessorState.DISABLED);
    }

    @Test
    public void theListIsBounded() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("disabled.txt");
        DisabledNames names = new DisabledNames(file);
        for (int i = 0; i < DisabledNames.MAX_NAMES; i++) {
            names.add("p" + i);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> names.add("one-more"));
        assertTrue(e.getMessage(), e.getMessage().contains("enable one first"));
        assertThrows(IllegalArgumentException.class, () -> new DisabledNames(file).add("x".repeat(201)));
        assertEquals(DisabledNames.MAX_NAMES, new DisabledNames(file).names().size());
        Files.writeString(file, "a\n".repeat(40_000)); // not a file this class wrote
        assertEquals(List.of(), new DisabledNames(file).names());
    }

    private ProcessorInfo info(String name) {
        return engine.processors().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no processor " + name));
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(5);
        }
    }
}
