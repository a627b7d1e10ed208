package org.snoplus.snoop.reader.dispatcher.internal;

import static org.snoplus.snoop.reader.support.ReaderConfig.check;
import static org.snoplus.snoop.reader.support.ReaderConfig.value;

import java.util.regex.Pattern;

import org.snoplus.snoop.reader.support.ReaderConfig;

/** The dispatcher reader's configuration, validated key by key. */
record DispatcherReaderSettings(String host, int port, String subscription, String id, int maxMessageBytes,
        int idleS, int deadS, int reconnectMs, int reconnectMaxMs, int batch) {

    static final int MAX_MESSAGE_KB = 64 * 1024;
    /** Tags after a or w; m (shared memory) only exists on the dispatcher's own host. */
    private static final Pattern SUBSCRIPTION = Pattern.compile("\\s*([aw]\\s+[!-~]{1,8}\\s*)+");

    static DispatcherReaderSettings from(DispatcherReaderConfig c) {
        return of(value("host", c::host), value("port", c::port), value("subscription", c::subscription),
                value("id", c::id), value("max.message.kb", c::max_message_kb), value("idle.s", c::idle_s),
                value("dead.s", c::dead_s), value("reconnect.ms", c::reconnect_ms),
                value("reconnect.max.ms", c::reconnect_max_ms), value("batch", c::batch));
    }

    static DispatcherReaderSettings of(String host, int port, String subscription, String id, int maxMessageKb,
            int idleS, int deadS, int reconnectMs, int reconnectMaxMs, int batch) {
        check(host != null && !host.isBlank() && !host.contains(" "), "host is required: the dispatcher's host name");
        check(port >= 1 && port <= 65535, "port must be between 1 and 65535, not " + port);
        check(subscription != null && SUBSCRIPTION.matcher(subscription).matches(),
                "subscription must be tags each after a or w (\"w RAWDATA w RECHDR\"; m, shared memory, is not "
                        + "possible over the network), not '" + subscription + "'");
        check(id != null && !id.isBlank() && id.length() <= 64, "id must be a name of 1 to 64 characters");
        check(maxMessageKb >= 1 && maxMessageKb <= MAX_MESSAGE_KB,
                "max.message.kb must be between 1 and " + MAX_MESSAGE_KB + ", not " + maxMessageKb);
        check(idleS >= 1, "idle.s must be >= 1, not " + idleS);
        check(deadS > idleS, "dead.s must be more than idle.s (" + idleS + "), not " + deadS);
        check(reconnectMs >= 1, "reconnect.ms must be >= 1, not " + reconnectMs);
        check(reconnectMaxMs >= reconnectMs, "reconnect.max.ms must be >= reconnect.ms (" + reconnectMs + "), not "
                + reconnectMaxMs);
        ReaderConfig.batch(batch);
        return new DispatcherReaderSettings(host.trim(), port, subscription.trim().replaceAll("\\s+", " "), id.trim(),
                maxMessageKb * 1024, idleS, deadS, reconnectMs, reconnectMaxMs, batch);
    }

    String where() {
        return host + ":" + port;
    }
}
