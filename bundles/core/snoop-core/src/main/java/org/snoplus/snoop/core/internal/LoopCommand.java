package org.snoplus.snoop.core.internal;

/**
 * Work that only the loop thread may do, because it reads or changes the slots, with a typed
 * result. Other threads {@linkplain EventLoop#submit submit} commands and wait for the result;
 * the loop runs them between two batches of events. Each command is a small record named for what
 * it does (for example {@link SwapCoordinator.Detach}), in the class whose logic it carries.
 *
 * @param <T> what the command answers
 */
interface LoopCommand<T> {

    /** Runs on the loop thread. An exception fails the caller's wait, never the loop. */
    T run(EventLoop loop) throws Exception;
}
