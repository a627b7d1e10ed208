package org.snoplus.snoop.core.internal;

import java.util.concurrent.CompletableFuture;

/**
 * One sample of one instance, from the moment the loop hands it to a sampler thread: what the
 * document will be stamped with (captured on the loop when the window closed) and the future of
 * its document. Immutable but for the future.
 *
 * @param slot the name it is for
 * @param instance the instance sampled
 * @param time the sample time (a tick, or now for a sample asked for)
 * @param windowStart start of the window it closes
 * @param windowEvents events the instance received in the window
 * @param sequence the name's sample counter
 * @param run the run of the last event the name received
 * @param sources the readers that fed the loop during the tick's period (the document's provenance)
 * @param startedNanos when the loop handed it over, for the watchdog
 * @param checkpoint whether the instance's state is taken after the sample (a checkpoint tick)
 * @param done completed with the document (null if {@code sample()} returned null) once it has
 *        been handed to the writers, or exceptionally with what {@code sample()} threw
 */
record Sampling(ProcessorSlot slot, Instance instance, long time, long windowStart, long windowEvents, long sequence,
        long run, java.util.List<String> sources, long startedNanos, boolean checkpoint,
        CompletableFuture<org.snoplus.snoop.document.SampleDocument> done) {
}
