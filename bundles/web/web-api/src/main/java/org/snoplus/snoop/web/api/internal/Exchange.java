package org.snoplus.snoop.web.api.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** Where the {@link Api} sends an answer: the servlet's response, or memory in tests and tools. */
interface Exchange {

    /**
     * Sends the status and the headers; the body follows on the stream returned (which takes and
     * drops it for a HEAD request).
     *
     * @param length the body's length in bytes, or -1 when it is streamed (unknown until the end)
     */
    OutputStream start(int status, Map<String, String> headers, long length) throws IOException;

    /** Whether {@link #start} was called: the status can no longer change. */
    boolean started();
}
