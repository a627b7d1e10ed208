package org.snoplus.snoop.admin;

import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.snoplus.snoop.document.SampleDocument;

/** The running platform, as seen by the shell, the launcher and the web pages. */
@ProviderType
public interface SnoopAdmin {

    /** Every processor that is live, being swapped, quarantined or hung. */
    List<ProcessorInfo> processors();

    /** Every reader, with its counters. */
    List<ReaderInfo> readers();

    /** Every writer, with its queue. */
    List<WriterInfo> writers();

    /** The event loop's own counters. */
    LoopInfo loop();

    /**
     * Samples one processor now (a real sample: it is written and starts a new window) and returns
     * the document.
     *
     * @throws IllegalArgumentException if no live processor has that name
     * @throws java.util.concurrent.TimeoutException if the sample does not complete in time
     */
    SampleDocument sampleNow(String name, Duration timeout) throws Exception;

    /**
     * Lets a quarantined or disabled processor run again, from the current event on, with the
     * state it had.
     *
     * @throws IllegalArgumentException if no processor has that name, or it is neither quarantined
     *         nor disabled
     */
    void enable(String name);

    /**
     * Takes a processor out of the event loop and the sampler, keeping its instance and its state,
     * until {@link #enable}. The choice is kept in the data directory: it holds across upgrades,
     * reloads and restarts.
     *
     * @throws IllegalArgumentException if no processor has that name, or it is already disabled
     * @since 2.1
     */
    void disable(String name);

    /**
     * Stops the readers, delivers every event already read, takes a final sample of every
     * processor and flushes every writer. Called before the framework stops.
     */
    void drain(Duration timeout);
}
