package org.snoplus.snoop.store.couchdb.internal;

import java.util.List;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.testing.DocumentStoreContract;

/**
 * The CouchDB store passes the suite every store passes, over HTTP against the test server
 * (a database of its own for each test).
 */
public class CouchDbStoreContractTest extends DocumentStoreContract {

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
    protected void closeStore() {
        stores.closeStores();
    }
}
