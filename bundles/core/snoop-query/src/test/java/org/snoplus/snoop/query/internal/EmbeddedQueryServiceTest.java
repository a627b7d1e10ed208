package org.snoplus.snoop.query.internal;

import java.util.List;

import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.query.QueryService;
import org.snoplus.snoop.store.embedded.internal.EmbeddedStore;
import org.snoplus.snoop.testing.QueryServiceContract;

/** The query service over the embedded store passes the suite. */
public class EmbeddedQueryServiceTest extends QueryServiceContract {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private EmbeddedStore embedded;

    @Override
    protected DocumentStore createStore() throws Exception {
        embedded = EmbeddedStore.open(tmp.getRoot().toPath());
        return embedded;
    }

    @Override
    protected void write(List<SampleDocument> batch) throws Exception {
        embedded.write(batch);
    }

    @Override
    protected QueryService createQueryService(DocumentStore store, long cacheBytes) {
        return new QueryEngine(store, "embedded", cacheBytes);
    }

    @Override
    protected void closeStore() {
        embedded.close();
    }
}
