package org.snoplus.snoop.reader.zeromq.internal;

import static org.snoplus.snoop.reader.support.ReaderConfig.check;
import static org.snoplus.snoop.reader.support.ReaderConfig.value;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

import org.snoplus.snoop.reader.support.ReaderConfig;

/** The ZeroMQ reader's configuration, validated key by key. */
record ZeromqReaderSettings(List<String> endpoints, String subscribe, int hwm, int maxMessageBytes, int reconnectMs,
        int reconnectMaxMs, int heartbeatMs, int handshakeMs, int batch) {

    /** A bound on the bound: beyond this one message could exhaust the heap on its own. */
    static final int MAX_MESSAGE_KB = 64 * 1024;
    static final int MAX_HWM = 1_000_000;
    static final int MAX_ENDPOINTS = 64;
    private static final Pattern ENDPOINT = Pattern.compile("(tcp://[^\\s:/]+|tcp://\\[[0-9a-fA-F:]+\\]):[0-9]{1,5}"
            + "|ipc://\\S+|inproc://\\S+");

    static ZeromqReaderSettings from(ZeromqReaderConfig c) {
        return of(value("endpoints", c::endpoints), value("subscribe", c::subscribe), value("hwm", c::hwm),
                value("max.message.kb", c::max_message_kb), value("reconnect.ms", c::reconnect_ms),
                value("reconnect.max.ms", c::reconnect_max_ms), value("heartbeat.ms", c::heartbeat_ms),
                value("handshake.ms", c::handshake_ms), value("batch", c::batch));
    }

    static ZeromqReaderSettings of(String endpoints, String subscribe, int hwm, int maxMessageKb, int reconnectMs,
            int reconnectMaxMs, int heartbeatMs, int handshakeMs, int batch) {
        check(endpoints != null && !endpoints.isBlank(), "endpoints is required: tcp://HOST:PORT, comma-separated");
        LinkedHashSet<String> list = new LinkedHashSet<>();
        for (String e : endpoints.split(",")) {
            String t = e.trim();
            if (t.isEmpty()) {
                continue;
            }
            check(ENDPOINT.matcher(t).matches(), "endpoints: '" + t + "' is not tcp://HOST:PORT");
            list.add(t);
        }
        check(!list.isEmpty(), "endpoints is required: tcp://HOST:PORT, comma-separated");
        check(list.size() <= MAX_ENDPOINTS, "endpoints: at most " + MAX_ENDPOINTS + ", not " + list.size());
        check(hwm >= 1 && hwm <= MAX_HWM, "hwm must be between 1 and " + MAX_HWM + ", not " + hwm);
        check(maxMessageKb >= 1 && maxMessageKb <= MAX_MESSAGE_KB,
                "max.message.kb must be between 1 and " + MAX_MESSAGE_KB + ", not " + maxMessageKb);
        check(reconnectMs >= 1, "reconnect.ms must be >= 1, not " + reconnectMs);
        check(reconnectMaxMs >= reconnectMs, "reconnect.max.ms must be >= reconnect.ms (" + reconnectMs + "), not "
                + reconnectMaxMs);
        check(heartbeatMs >= 0, "heartbeat.ms must be >= 0, not " + heartbeatMs);
        check(handshakeMs >= 100 && handshakeMs <= 60_000, "handshake.ms must be between 100 and 60000, not "
                + handshakeMs);
        ReaderConfig.batch(batch);
        return new ZeromqReaderSettings(List.copyOf(new ArrayList<>(list)), subscribe == null ? "" : subscribe, hwm,
                maxMessageKb * 1024, reconnectMs, reconnectMaxMs, heartbeatMs, handshakeMs, batch);
    }
}
