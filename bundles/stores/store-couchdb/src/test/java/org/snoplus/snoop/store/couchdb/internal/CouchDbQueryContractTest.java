package org.snoplus.snoop.store.couchdb.internal;

import java.util.List;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.query.QueryService;
import org.snoplus.snoop.query.internal.QueryEngines;
import org.snoplus.snoop.testing.QueryServiceContract;

/**
 * The query service (snoop-query's engine, as {@code StoreQueryService} makes it) over the
 * CouchDB store passes the suite it passes over the embedded store: the same answers from both.
 */
public class CouchDbQueryContractTest extends QueryServiceContract {

    private static ContractStores stores;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private CouchDbWriter writer;

    @BeforeClass
    public static void startServer() throws Exception {
        stores = ContractStores.start();
    }

    @AfterClass
    public static void stopServer() {
        if (stores != null) {
            stores.close();
        }
    }

    @Override
    protected DocumentStore createStore() throws Exception {
        writer = stores.newStore(tmp.newFolder().toPath());
        return writer;
    }

    @Override
    protected void write(List<SampleDocument> batch) throws Exception {
        ContractStores.write(writer, batch);
    }

    @Override
    protected QueryService createQueryService(DocumentStore store, long cacheBytes) {
        return QueryEngines.over(store, CouchDbWriter.STORE_NAME, cacheBytes);
    }

    @Override
    protected void closeStore() {
        stores.closeStores();
    }
}
