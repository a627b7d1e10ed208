package org.snoplus.snoop.store.replication.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;

/** {@code snoop:replications}: each replication set up by configuration and its state. */
@Component(service = ReplicationCommands.class, property = {"osgi.command.scope=snoop",
    "osgi.command.function=replications"})
public class ReplicationCommands {

    @Descriptor("list the CouchDB replications set up by conf/snoop.replication-NAME.cfg, with their state")
    public String replications() {
        List<String> lines = new ArrayList<>();
        for (Replication r : Replication.LIVE.values()) {
            lines.add(r.describe());
        }
        if (lines.isEmpty()) {
            return "no replication configured (conf/snoop.replication-NAME.cfg)";
        }
        lines.sort(null);
        return String.join("\n", lines);
    }
}
