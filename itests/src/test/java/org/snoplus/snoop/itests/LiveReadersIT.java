package org.snoplus.snoop.itests;

import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.snoplus.snoop.admin.ReaderInfo;
import org.snoplus.snoop.dispatch.DispatchServer;
import org.snoplus.snoop.dispatch.Frames;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.zdab.ZdabCodec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The network readers in a real Felix, added and removed through Config Admin: the dispatcher
 * reader following a dispatcher run inside the test, the ZeroMQ reader a JeroMQ publisher, both
 * at once into one processor; and the replication shell command present.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LiveReadersIT extends SnoopTestSupport {

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<org.osgi.service.cm.Configuration> configs = new ArrayList<>();

    @Configuration
    public Option[] config() throws Exception {
        return baseOptions();
    }

    @After
    public void tearDown() throws Exception {
        for (ServiceRegistration<?> r : registrations) {
            r.unregister();
        }
        for (org.osgi.service.cm.Configuration c : configs) {
            c.delete();
        }
        waitFor("readers gone", 10_000, () -> admin.readers().isEmpty());
    }

    private static byte[] event(int gtid) {
        PmtEvent e = new PmtEvent(10).header(300_000, 0, gtid, gtid, 1, 0, 100L * gtid, 500L * gtid);
        for (int h = 0; h < 10; h++) {
            e.addHit(h * 33, h, 100, 200, 300, 400, 0);
        }
        byte[] b = new byte[ZdabCodec.recordBytes(e)];
        ZdabCodec.encodeRecord(e, ByteBuffer.wrap(b), 0);
        return b;
    }

    private ReaderInfo reader(String name) {
        return admin.readers().stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    @Test
    public void aDispatcherAndZeroMqPublishersFeedOneProcessorAndGoWithTheirConfiguration() throws Exception {
        Counter counter = new Counter();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Processor.NAME, "live-counter");
        registrations.add(context.registerService(Processor.class, counter, props));

        try (DispatchServer dispatcher = new DispatchServer(InetAddress.getLoopbackAddress(), 0, 16 << 20);
                ZContext zmq = new ZContext(1)) {
            ZMQ.Socket pub = zmq.createSocket(SocketType.PUB);
            int zmqPort = pub.bindToRandomPort("tcp://127.0.0.1");
            configs.add(configureFactory("snoop.reader.dispatcher", "daq", Map.of("port", dispatcher.port())));
            configs.add(configureFactory("snoop.reader.zeromq", "avalanche",
                    Map.of("endpoints", "tcp://127.0.0.1:" + zmqPort)));
            waitFor("the dispatcher reader subscribed", 20_000, () -> dispatcher.subscribers(Frames.RAWDATA) == 1);
            for (int i = 0; i < 500; i++) {
                dispatcher.publish("RAWDATA", event(i));
            }
            // PUB/SUB: what is sent before the subscription arrives is not received; send until it is
            int sent = 0;
            long deadline = System.currentTimeMillis() + 20_000;
            while (reader("avalanche") == null || reader("avalanche").events() < 100) {
                pub.send(event(10_000 + sent++));
                Thread.sleep(2);
                assertTrue("the ZeroMQ reader got nothing", System.currentTimeMillis() < deadline);
            }
            waitFor("both sources delivered", 20_000, () -> counter.events >= 600);
            String status = shell("snoop:status");
            assertTrue(status, status.contains("dispatcher 127.0.0.1:" + dispatcher.port() + " connected")
                    && status.contains("zeromq tcp://127.0.0.1:" + zmqPort + " connected"));

            // removed through Config Admin: the reader goes, the other goes on
            configs.remove(0).delete();
            waitFor("the dispatcher reader removed", 10_000, () -> reader("daq") == null);
            waitFor("the dispatcher sees it go", 10_000, () -> dispatcher.subscribers(Frames.RAWDATA) == 0);
            long before = counter.events;
            for (int i = 0; i < 200; i++) {
                pub.send(event(20_000 + i));
            }
            waitFor("the ZeroMQ reader goes on", 10_000, () -> counter.events >= before + 200);
        }
        String replications = shell("snoop:replications");
        assertTrue(replications, replications.contains("no replication configured"));
    }

    static class Counter implements Processor<PmtEvent> {
        volatile long events;

        public Class<PmtEvent> eventType() {
            return PmtEvent.class;
        }

        public void event(PmtEvent e) {
            events++;
        }

        public Map<String, Object> sample() {
            return Map.of("events", events);
        }
    }
}
