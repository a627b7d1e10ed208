package org.snoplus.snoop.shell.internal;

/** {@link ShellConfig}, validated: a value that makes no sense is rejected with its key and the reason. */
record ShellSettings(boolean allCommands, int clients, long readTimeoutMs, long commandTimeoutMs) {

    static final ShellSettings DEFAULTS = new ShellSettings(false, 8, 5000, 60_000);

    /** Longest command line taken, in bytes. */
    static final int MAX_LINE = 8192;

    static ShellSettings from(ShellConfig c) {
        check(c.clients() >= 1 && c.clients() <= 64, "clients", "must be from 1 to 64, not " + c.clients());
        check(c.read_timeout_ms() >= 100 && c.read_timeout_ms() <= 600_000, "read.timeout.ms",
                "must be from 100 to 600000, not " + c.read_timeout_ms());
        check(c.command_timeout_ms() >= 1000, "command.timeout.ms", "must be at least 1000, not "
                + c.command_timeout_ms());
        return new ShellSettings(c.all_commands(), c.clients(), c.read_timeout_ms(), c.command_timeout_ms());
    }

    private static void check(boolean ok, String key, String reason) {
        if (!ok) {
            throw new IllegalArgumentException("bad configuration of snoop.shell: " + key + " " + reason);
        }
    }
}
