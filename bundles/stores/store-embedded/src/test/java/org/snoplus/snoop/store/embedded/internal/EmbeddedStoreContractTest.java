package org.snoplus.snoop.store.embedded.internal;

import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.testing.Configs;
import org.snoplus.snoop.testing.DocumentStoreContract;

/** The embedded store passes the suite every store passes. */
public class EmbeddedStoreContractTest extends DocumentStoreContract {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private EmbeddedStore embedded;

    @Override
    protected DocumentStore createStore() throws Exception {
        embedded = new EmbeddedStore();
        // documents of 2025: kept as they are, not consolidated nor removed as a year old
        embedded.activate(Configs.of(EmbeddedStoreConfig.class, "retention.days", 0L, "full.days", 0L),
                Map.of("snoop.data", tmp.getRoot().toString())::get);
        return embedded;
    }

    @Override
    protected void write(List<SampleDocument> batch) throws Exception {
        embedded.write(batch);
    }

    @Override
    protected void closeStore() {
        embedded.deactivate();
    }
}
