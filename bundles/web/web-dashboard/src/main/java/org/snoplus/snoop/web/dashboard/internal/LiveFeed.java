package org.snoplus.snoop.web.dashboard.internal;

import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.writer.Writer;

/**
 * The live stream's way in: a {@link Writer}, so it gets every document as the stores do, through
 * its own bounded queue in the core (1000 documents; when the pages cannot keep up, documents are
 * dropped there and counted in {@code snoop:status}, never held back from the loop or the other
 * writers). It hands them to the {@link LiveHub}, which the dashboard's servlet serves.
 */
@Component(name = "snoop.web.live", configurationPid = Dashboard.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {Writer.class, LiveFeed.class}, property = {Writer.NAME + "=" + LiveFeed.NAME,
            Writer.QUEUE_SIZE + ":Integer=1000"})
public class LiveFeed implements Writer {

    static final String NAME = "live";

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

    private LiveHub hub;

    @Activate
    void activate(DashboardConfig config, BundleContext context) {
        hub = new LiveHub(DashboardSettings.from(config, context::getProperty));
    }

    @Modified
    void modified(DashboardConfig config, BundleContext context) {
        try {
            hub.configure(DashboardSettings.from(config, context::getProperty));
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {}; the live stream keeps its previous configuration", Dashboard.PID, e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        hub.close();
    }

    LiveHub hub() {
        return hub;
    }

    @Override
    public void write(List<SampleDocument> batch) {
        hub.publish(batch);
    }

    @Override
    public String describe() {
        var s = hub.stats();
        return "live stream to the dashboard's pages: " + s.get("clients") + " open (at most " + s.get("maxClients")
                + "), " + s.get("lost") + " messages lost by slow pages, " + s.get("refused") + " refused";
    }
}
