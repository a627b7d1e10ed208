package org.snoplus.snoop.web.dashboard.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.After;
import org.junit.Test;
import org.snoplus.snoop.testing.SampleDocuments;

/** The live stream without a servlet container: what each page gets, and the bounds. */
public class LiveHubTest {

    /** A connection that takes what it is given while {@code ready}. */
    static final class Conn implements LiveClient.Sink {
        final StringBuilder got = new StringBuilder();
        volatile boolean ready = true;
        volatile boolean closed;
        int flushes;

        @Override
        public boolean isReady() {
            return ready && !closed;
        }

        @Override
        public void write(byte[] bytes) {
            got.append(new String(bytes, StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private LiveHub hub = new LiveHub(settings(4, 3, 1 << 20));

    static DashboardSettings settings(int clients, int queue, int queueBytes) {
        return new DashboardSettings(Path.of("dashboards"), "", "", 256 * 1024, 100, 200, 5000, 3, clients, queue,
                queueBytes, 8, 15, 60);
    }

    @After
    public void close() {
        hub.close();
    }

    @Test
    public void aPageGetsTheFieldsItFollowsOfTheProcessorsItFollows() throws Exception {
        Conn c = new Conn();
        LiveClient client = hub.open(List.of("rate.data.rate", "rate.data.peak", "nhit.events"), c);
        hub.publish(List.of(SampleDocuments.doc("rate", 1000, "rate", 1015.5, "peak", 1059L, "other", "x"),
                SampleDocuments.doc("count", 1000, "count", 1L),
                SampleDocuments.doc("nhit", 1000, "mean", 60.0)));
        hub.drainAll();
        String got = c.got.toString();
        assertTrue(got, got.contains("event: doc\ndata: {\"name\":\"rate\",\"time\":1000,\"run\":300000,\"events\":"));
        assertTrue(got, got.contains("\"values\":{\"data.rate\":1015.5,\"data.peak\":1059}}\n\n"));
        assertTrue(got, got.contains("\"name\":\"nhit\""));
        assertTrue(got, got.contains("\"values\":{\"events\":"));
        assertTrue(got, !got.contains("count"));
        assertTrue(got, !got.contains("other"));
        assertEquals(2, client.sent());
        assertTrue(c.flushes > 0);
    }

    @Test
    public void aFieldThatIsNotThereIsNull() throws Exception {
        Conn c = new Conn();
        hub.open(List.of("rate.data.gone"), c);
        hub.publish(List.of(SampleDocuments.doc("rate", 1000, "rate", 1.0)));
        hub.drainAll();
        assertTrue(c.got.toString(), c.got.toString().contains("\"values\":{\"data.gone\":null}"));
    }

    @Test
    public void stampsOnlyForABareNameAndEveryProcessorForAStar() throws Exception {
        Conn one = new Conn();
        Conn all = new Conn();
        hub.open(List.of("rate"), one);
        hub.open(List.of("*"), all);
        hub.publish(List.of(SampleDocuments.doc("rate", 1000, "rate", 1.0), SampleDocuments.doc("count", 1000, "count", 1L)));
        hub.drainAll();
        assertTrue(one.got.toString(), one.got.toString().contains("\"name\":\"rate\"") && one.got.toString().contains("\"values\":{}"));
        assertTrue(!one.got.toString().contains("count"));
        assertTrue(all.got.toString().contains("\"name\":\"count\"") && all.got.toString().contains("\"name\":\"rate\""));
    }

    @Test
    public void aSlowPageLosesItsOldestMessagesAndIsToldHowMany() throws Exception {
        Conn slow = new Conn();
        slow.ready = false;
        Conn fast = new Conn();
        LiveClient s = hub.open(List.of("rate.data.rate"), slow);
        hub.open(List.of("rate.data.rate"), fast);
        for (int t = 1; t <= 10; t++) {
            hub.publish(List.of(SampleDocuments.doc("rate", t * 1000L, "rate", (double) t)));
            hub.drainAll();
        }
        assertEquals("the fast page got everything", 10, fast.got.toString().split("event: doc").length - 1);
        assertEquals(3, s.queued());
        assertEquals(7, s.lost());
        slow.ready = true;
        hub.drainAll();
        String got = slow.got.toString();
        assertTrue(got, got.startsWith("event: lost\ndata: 7\n\n"));
        assertTrue(got, got.contains("\"time\":8000") && got.contains("\"time\":10000") && !got.contains("\"time\":7000"));
    }

    @Test
    public void theQueueIsBoundedInBytesToo() throws Exception {
        hub.close();
        hub = new LiveHub(settings(4, 1000, 64 * 1024));
        Conn slow = new Conn();
        slow.ready = false;
        LiveClient s = hub.open(List.of("occupancy.data.channels"), slow);
        for (int t = 1; t <= 10; t++) {
            hub.publish(List.of(SampleDocuments.doc("occupancy", t * 1000L, "channels", new double[9728])));
        }
        assertTrue("each message is some 40 kB: one fits in 64 kB", s.queued() == 1);
        assertEquals(9, s.lost());
    }

    @Test
    public void atMostLiveClientsPages() throws Exception {
        for (int i = 0; i < 4; i++) {
            hub.open(List.of("rate.data.rate"), new Conn());
        }
        assertNull(hub.open(List.of("rate.data.rate"), new Conn()));
        assertEquals(1L, hub.stats().get("refused"));
        assertEquals(4, hub.clientCount());
    }

    @Test
    public void aClosedPageIsForgotten() throws Exception {
        Conn c = new Conn();
        LiveClient client = hub.open(List.of("rate.data.rate"), c);
        hub.closed(client);
        assertEquals(0, hub.clientCount());
        assertTrue(c.closed);
        hub.publish(List.of(SampleDocuments.doc("rate", 1000, "rate", 1.0)));
        assertEquals("", c.got.toString());
    }

    @Test
    public void badFieldsAndTooManyAreRefused() {
        for (List<String> follow : List.of(List.of("rate.rate"), List.of("r%te"), List.of("a.data.1", "a.data.2",
                "a.data.3", "a.data.4", "a.data.5", "a.data.6", "a.data.7", "a.data.8", "a.data.9"))) {
            try {
                hub.open(follow, new Conn());
                fail(follow.toString());
            } catch (TagException e) {
                // the servlet answers 400 with this
            }
        }
    }

    @Test
    public void aStuckPageIsDisconnectedAndAnIdleOneGetsHeartbeats() throws Exception {
        hub.close();
        hub = new LiveHub(new DashboardSettings(Path.of("d"), "", "", 1024, 10, 10, 10, 3, 4, 10, 1 << 20, 8, 1, 2));
        Conn stuck = new Conn();
        stuck.ready = false;
        Conn idle = new Conn();
        hub.open(List.of("rate.data.rate"), stuck);
        hub.open(List.of("count.data.count"), idle);
        hub.publish(List.of(SampleDocuments.doc("rate", 1000, "rate", 1.0)));
        long until = System.currentTimeMillis() + 20_000;
        while ((!stuck.closed || !idle.got.toString().contains(": heartbeat")) && System.currentTimeMillis() < until) {
            Thread.sleep(100);
        }
        assertTrue("stuck page disconnected", stuck.closed);
        assertTrue(idle.got.toString(), idle.got.toString().contains(": heartbeat\n\n"));
        assertEquals(1L, hub.stats().get("stuck"));
        assertEquals(1, hub.clientCount());
    }

    @Test
    public void documentsWithoutPagesCostNothingButACount() {
        List<org.snoplus.snoop.document.SampleDocument> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(SampleDocuments.doc("rate", i, "rate", 1.0));
        }
        hub.publish(batch);
        assertEquals(100L, hub.stats().get("documents"));
    }
}
