package org.snoplus.snoop.core.internal;

/**
 * The core's configuration, validated. Built from {@link CoreConfig} by {@link #from}; a value
 * that makes no sense is rejected with its key and the reason.
 */
public record CoreSettings(long samplePeriodMs, long sampleTimeoutMs, long eventTimeoutMs, int quarantineErrors,
        int ringSize, long swapHoldMs, String instance, int writerQueue) {

    static final CoreSettings DEFAULTS = new CoreSettings(5000, 10_000, 5000, 10, 1 << 17, 10_000, hostName(),
            10_000);

    static CoreSettings from(CoreConfig c) {
        check(c.sample_period_ms() >= 10, "sample.period.ms", "must be at least 10, not " + c.sample_period_ms());
        check(c.sample_timeout_ms() >= 1, "sample.timeout.ms", "must be positive, not " + c.sample_timeout_ms());
        check(c.event_timeout_ms() >= 100, "event.timeout.ms", "must be at least 100, not " + c.event_timeout_ms());
        check(c.quarantine_errors() >= 1, "quarantine.errors", "must be at least 1, not " + c.quarantine_errors());
        check(c.ring_size() >= 64 && Integer.bitCount(c.ring_size()) == 1, "ring.size",
                "must be a power of two of at least 64, not " + c.ring_size());
        check(c.swap_hold_ms() >= 0, "swap.hold.ms", "must not be negative, not " + c.swap_hold_ms());
        check(c.writer_queue() >= 1, "writer.queue", "must be positive, not " + c.writer_queue());
        String instance = c.instance() == null || c.instance().isBlank() ? hostName() : c.instance().trim();
        check(instance.matches("[A-Za-z0-9_.-]+"), "instance",
                "may hold only letters, digits, '.', '_' and '-', not '" + instance + "'");
        return new CoreSettings(c.sample_period_ms(), c.sample_timeout_ms(), c.event_timeout_ms(),
                c.quarantine_errors(), c.ring_size(), c.swap_hold_ms(), instance, c.writer_queue());
    }

    /** Where checkpoints and the journal go: under the data directory, when enabled and there is one. */
    static Durability durability(CoreConfig c, String dataDir) {
        check(c.journal_max_mb() >= 1, "journal.max.mb", "must be at least 1, not " + c.journal_max_mb());
        check(c.checkpoint_max_mb() >= 1, "checkpoint.max.mb", "must be at least 1, not " + c.checkpoint_max_mb());
        check(c.checkpoint_period_ms() >= 0, "checkpoint.period.ms", "must not be negative, not "
                + c.checkpoint_period_ms());
        if (!c.checkpoint_enabled() || dataDir == null || dataDir.isBlank()) {
            return Durability.NONE;
        }
        return new Durability(java.nio.file.Path.of(dataDir, "state"), c.journal_max_mb() * Durability.MB,
                c.checkpoint_max_mb() * Durability.MB, c.checkpoint_period_ms());
    }

    private static void check(boolean ok, String key, String reason) {
        if (!ok) {
            throw new IllegalArgumentException("bad configuration: " + key + " " + reason);
        }
    }

    static String hostName() {
        try {
            String h = java.net.InetAddress.getLocalHost().getHostName();
            int dot = h.indexOf('.');
            return (dot > 0 ? h.substring(0, dot) : h).replaceAll("[^A-Za-z0-9_.-]", "-");
        } catch (Exception e) {
            return "localhost";
        }
    }

    CoreSettings withSamplePeriod(long ms) {
        return new CoreSettings(ms, sampleTimeoutMs, eventTimeoutMs, quarantineErrors, ringSize, swapHoldMs, instance,
                writerQueue);
    }
}
