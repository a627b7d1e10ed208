package org.snoplus.snoop.store.embedded.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.testing.SampleDocuments;

/**
 * Run as a process of its own by {@link EmbeddedStoreTest}, which kills it: writes batches of
 * documents to the store in the directory {@code args[0]} for ever, printing after each how many
 * documents it has written.
 */
public final class CrashWriter {

    static final String NAME = "crash";
    static final int BATCH = 100;
    private static final long T = 1764362400000L;

    private CrashWriter() {
    }

    static SampleDocument doc(int i) {
        return SampleDocuments.doc(NAME, T + i * 1000L, "i", (long) i, "half", i / 2.0, "label", "document " + i);
    }

    public static void main(String[] args) throws Exception {
        EmbeddedStore store = EmbeddedStore.open(Path.of(args[0]));
        for (int written = 0;;) {
            List<SampleDocument> batch = new ArrayList<>();
            for (int k = 0; k < BATCH; k++) {
                batch.add(doc(written + k));
            }
            store.write(batch);
            written += BATCH;
            System.out.println(written);
            System.out.flush();
        }
    }
}
