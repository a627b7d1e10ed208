package org.snoplus.snoop.store.replication.internal;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replication set up by configuration ({@code conf/snoop.replication-NAME.cfg}): the document
 * {@code snoop-NAME} of the server's {@code _replicator} database, which makes CouchDB replicate the
 * source to the target. Every {@code check.s} the document is checked (put back if it was removed
 * or changed by hand) and the replication's state is read; a change of state is logged. A changed
 * configuration replaces the document; a deleted configuration removes it
 * ({@link ReplicationRemovals}). Stopping snoop leaves it: the replication is CouchDB's and goes on
 * without snoop.
 */
@Component(name = Replication.PID, service = Replication.class, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ReplicationConfig.class, factory = true)
public class Replication {

    static final String PID = "snoop.replication";

    private static final Logger LOG = LoggerFactory.getLogger(Replication.class);
    /** The live replications by configuration PID (for the shell and for removal). */
    static final Map<String, Replication> LIVE = new ConcurrentHashMap<>();

    private volatile ReplicationSettings settings;
    private volatile Replicator replicator;
    private ScheduledExecutorService checker;
    private String pid;
    private volatile String state = "not checked yet";
    private volatile String info;
    private volatile String lastError;
    private volatile long checkedAt;

    public Replication() {
    }

    Replication(ReplicationSettings settings) {
        use(settings);
    }

    @Activate
    void activate(ReplicationConfig config, Map<String, Object> properties) {
        pid = String.valueOf(properties.get("service.pid"));
        use(settings(config, properties));
        LIVE.put(pid, this);
        start();
    }

    @Modified
    void modified(ReplicationConfig config, Map<String, Object> properties) {
        ReplicationSettings s;
        try {
            s = settings(config, properties);
        } catch (IllegalArgumentException e) {
            return; // logged; the last good configuration goes on
        }
        use(s);
        checker.execute(this::check);
    }

    private ReplicationSettings settings(ReplicationConfig config, Map<String, Object> properties) {
        Object p = properties.get("service.pid");
        String name = String.valueOf(p);
        int dot = name.lastIndexOf('~');
        name = dot >= 0 ? name.substring(dot + 1) : name.substring(name.lastIndexOf('.') + 1);
        try {
            return ReplicationSettings.from(name, config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {}", p, e.getMessage());
            throw e;
        }
    }

    private void use(ReplicationSettings s) {
        settings = s;
        replicator = new Replicator(s);
    }

    void start() {
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "snoop-replication-" + settings.name());
            t.setDaemon(true);
            return t;
        });
        checker.scheduleWithFixedDelay(this::check, 0, settings.checkS(), TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        if (checker != null) {
            checker.shutdownNow();
        }
    }

    /** Puts the document if needed, reads the state (the checker's thread). */
    void check() {
        ReplicationSettings s = settings;
        Replicator r = replicator;
        try {
            if (r.ensure()) {
                LOG.info("replication {}: {} set up in {}/_replicator", s.name(), s.describe(), s.url());
            }
            Replicator.State now = r.state();
            if (!now.state().equals(state)) {
                String line = "replication " + s.name() + " (" + s.describe() + ") is " + now.state()
                        + (now.info() == null ? "" : ": " + now.info());
                if (now.state().equals("crashing") || now.state().equals("failed") || now.state().equals("error")) {
                    LOG.warn(line);
                } else {
                    LOG.info(line);
                }
            }
            state = now.state();
            info = now.info();
            lastError = null;
        } catch (IOException e) {
            if (lastError == null) {
                LOG.warn("replication {}: {}; checking again every {} s", s.name(), e.getMessage(), s.checkS());
            }
            lastError = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            lastError = e.toString();
            LOG.warn("replication {}: {}", s.name(), e.toString());
        }
        checkedAt = System.currentTimeMillis();
    }

    /** The configuration was deleted: the document goes, and CouchDB stops the replication. */
    void remove() throws IOException, InterruptedException {
        replicator.remove();
        LOG.info("replication {} removed from {}/_replicator", settings.name(), settings.url());
    }

    ReplicationSettings settings() {
        return settings;
    }

    String state() {
        return state;
    }

    /** One line for the shell. */
    String describe() {
        ReplicationSettings s = settings;
        StringBuilder b = new StringBuilder(s.name()).append(": ").append(s.describe()).append(" on ").append(s.url())
                .append(" is ").append(state);
        if (info != null) {
            b.append(" (").append(info).append(')');
        }
        if (lastError != null) {
            b.append("; cannot check: ").append(lastError);
        }
        long at = checkedAt;
        if (at > 0) {
            b.append("; checked ").append((System.currentTimeMillis() - at) / 1000).append(" s ago");
        }
        return b.toString();
    }
}
