package org.snoplus.snoop.dispatch;

import java.io.IOException;

/** The peer broke the framing (a bad tag, a negative size): the connection cannot go on. */
public class ProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }
}
