package org.snoplus.snoop.store.replication.internal;

import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a deleted replication configuration from a stopping snoop: only the deletion removes the
 * replication's document (SCR deactivates the component either way).
 */
@Component(service = ConfigurationListener.class)
public class ReplicationRemovals implements ConfigurationListener {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationRemovals.class);

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() != ConfigurationEvent.CM_DELETED || !Replication.PID.equals(event.getFactoryPid())) {
            return;
        }
        Replication r = Replication.LIVE.remove(event.getPid());
        if (r == null) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                r.remove();
            } catch (Exception e) {
                LOG.warn("replication {}: its configuration was deleted but {}/_replicator/{} could not be removed: "
                        + "{}; remove it by hand", r.settings().name(), r.settings().url(),
                        r.settings().documentId(), e.getMessage());
            }
        }, "snoop-replication-remove");
        t.setDaemon(true);
        t.start();
    }
}
