package org.snoplus.snoop.dispatch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

/** The small dispatcher as clients that misbehave meet it: silent, too many, bad frames. */
public class DispatchServerTest {

    @Test
    public void silentClientsCostNothingAndBeyondTheBoundTheyAreRefused() throws Exception {
        try (DispatchServer s = new DispatchServer(InetAddress.getLoopbackAddress(), 0, 1 << 20)) {
            List<Socket> silent = new ArrayList<>();
            try {
                for (int i = 0; i < DispatchServer.MAX_CLIENTS + 5; i++) {
                    silent.add(new Socket(InetAddress.getLoopbackAddress(), s.port()));
                }
                waitFor(() -> s.refused() == 5);
                // a publication reaches none of them: none subscribed
                assertEquals(0, s.publish("RAWDATA", new byte[10]));
            } finally {
                for (Socket k : silent) {
                    k.close();
                }
            }
            // the places are free again
            waitFor(() -> s.clientNames().isEmpty());
            try (DispatchConnection c = DispatchConnection.connect("127.0.0.1", s.port(), 1000, 1000, 1 << 20)) {
                c.subscribe("w RAWDATA");
                c.always();
                waitFor(() -> s.subscribers(Frames.RAWDATA) == 1);
                s.publish("RAWDATA", "hello".getBytes(StandardCharsets.US_ASCII));
                while (!c.next()) {
                    Thread.onSpinWait();
                }
                assertEquals("hello", new String(c.buffer(), c.offset(), c.size(), StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    public void aClientSendingABadHeaderIsDropped() throws Exception {
        try (DispatchServer s = new DispatchServer(InetAddress.getLoopbackAddress(), 0, 1 << 20);
                Socket k = new Socket(InetAddress.getLoopbackAddress(), s.port())) {
            OutputStream out = k.getOutputStream();
            byte[] bad = new byte[12];
            Frames.header(bad, 0, Frames.tag("Subscrib"), 64 << 20); // a 64 MB control frame
            out.write(bad);
            out.flush();
            InputStream in = k.getInputStream();
            assertEquals("the dispatcher closed the connection", -1, in.read());
            waitFor(() -> s.clientNames().isEmpty());
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(10);
        }
    }
}
