package org.snoplus.snoop.core.internal;

import java.time.Duration;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
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
import org.snoplus.snoop.admin.LoopInfo;
import org.snoplus.snoop.admin.ProcessorInfo;
import org.snoplus.snoop.admin.ReaderInfo;
import org.snoplus.snoop.admin.SnoopAdmin;
import org.snoplus.snoop.admin.WriterInfo;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.reader.Reader;
import org.snoplus.snoop.writer.Writer;

/**
 * The whiteboard: every {@link Processor}, {@link Reader} and {@link Writer} service is bound to
 * the one {@link Engine}. Dynamic, greedy references, so that services come and go (and bundles
 * are upgraded) while the loop runs.
 */
@Component(name = "snoop.core", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = CoreConfig.class)
public class SnoopCore implements SnoopAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(SnoopCore.class);
    /**
     * SIGTERM must end an instance within 15 s, a processor stuck in event() included (the loop
     * leaves it within event.timeout.ms): the final sample, the writers' flush and the final
     * checkpoint get 10 s, stopping the threads 3 s more.
     */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(3);

    // References are bound after the constructor and before activate(): the engine exists (with
    // the checkpoint it resumes from loaded) before the first processor binds, and the loop starts
    // at activation, so nothing bound early is lost.
    private final Engine engine;

    @Activate
    public SnoopCore(BundleContext context, CoreConfig config) {
        CoreSettings settings = CoreSettings.DEFAULTS;
        try {
            settings = CoreSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; starting with the defaults", e.getMessage());
        }
        Durability durability = Durability.NONE;
        try {
            durability = CoreSettings.durability(config, context.getProperty("snoop.data"));
        } catch (IllegalArgumentException e) {
            LOG.error("{}; no checkpoints until it is fixed and the instance restarted", e.getMessage());
        }
        if (!durability.enabled()) {
            LOG.warn("no checkpoints and no journal ({}): a restart starts every processor and reader afresh",
                    config.checkpoint_enabled() ? "no data directory (snoop.data)" : "checkpoint.enabled = false");
        }
        String data = context.getProperty("snoop.data");
        engine = new Engine(settings, durability, data == null || data.isBlank() ? null
                : java.nio.file.Path.of(data, "state", "disabled-processors.txt"));
    }

    @Activate
    void activate(CoreConfig config) {
        apply(config);
        engine.start();
        LOG.info("snoop core started: sample period {} ms, instance {}", engine.settings().samplePeriodMs(),
                engine.settings().instance());
    }

    @Modified
    void modified(CoreConfig config) {
        apply(config);
    }

    private void apply(CoreConfig config) {
        try {
            engine.configure(CoreSettings.from(config));
        } catch (IllegalArgumentException e) {
            // keep running with the last good configuration
            LOG.error("{}; keeping the previous configuration", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        engine.drain(DRAIN_TIMEOUT);
        engine.stop(STOP_TIMEOUT);
    }

    // ------------------------------------------------------------------ whiteboard

    @Reference(service = Processor.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindProcessor(Processor<?> processor, ServiceReference<Processor<?>> ref) {
        Bundle b = ref.getBundle();
        Version version = b == null ? Version.emptyVersion : b.getVersion();
        String bsn = b == null ? "" : b.getSymbolicName();
        engine.bind(name(ref, Processor.NAME), processor, version, bsn);
    }

    void unbindProcessor(Processor<?> processor) {
        engine.unbind(processor);
    }

    @Reference(service = Reader.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindReader(Reader reader, ServiceReference<Reader> ref) {
        engine.addReader(name(ref, Reader.NAME), reader);
    }

    void unbindReader(Reader reader) {
        engine.removeReader(reader);
    }

    @Reference(service = Writer.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindWriter(Writer writer, ServiceReference<Writer> ref) {
        Object q = ref.getProperty(Writer.QUEUE_SIZE);
        int size = 0;
        if (q != null) {
            try {
                size = Integer.parseInt(q.toString().trim());
            } catch (NumberFormatException e) {
                LOG.error("bad configuration: {} of writer {} must be a number, not '{}'; using the default",
                        Writer.QUEUE_SIZE, name(ref, Writer.NAME), q);
            }
        }
        engine.addWriter(name(ref, Writer.NAME), writer, size);
    }

    void unbindWriter(Writer writer) {
        engine.removeWriter(writer);
    }

    /** The explicit name property, else the component name (minus a factory's PID prefix). */
    private static String name(ServiceReference<?> ref, String property) {
        Object n = ref.getProperty(property);
        if (n != null && !n.toString().isBlank()) {
            return n.toString().trim();
        }
        Object pid = ref.getProperty("service.pid");
        Object component = ref.getProperty("component.name");
        if (pid instanceof String p && component instanceof String c && p.startsWith(c + "~")) {
            return p.substring(c.length() + 1); // a named factory configuration (conf/snoop.reader.ndjson-demo.cfg): "demo"
        }
        if (component != null) {
            return component.toString();
        }
        return "service-" + ref.getProperty("service.id");
    }

    // ------------------------------------------------------------------ SnoopAdmin

    @Override
    public List<ProcessorInfo> processors() {
        return engine.processors();
    }

    @Override
    public List<ReaderInfo> readers() {
        return engine.readers();
    }

    @Override
    public List<WriterInfo> writers() {
        return engine.writers();
    }

    @Override
    public LoopInfo loop() {
        return engine.loopInfo();
    }

    @Override
    public SampleDocument sampleNow(String name, Duration timeout) throws Exception {
        return engine.sampleNow(name, timeout);
    }

    @Override
    public void enable(String name) {
        engine.enable(name);
    }

    @Override
    public void disable(String name) {
        engine.disable(name);
    }

    @Override
    public void drain(Duration timeout) {
        engine.drain(timeout);
    }

}
