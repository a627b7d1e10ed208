package org.snoplus.snoop.sno.zdab;

/**
 * Bytes that do not hold what the ZDAB format says they must: a record too short for its NHIT, a
 * hit on a crate that does not exist, a bank that runs past its logical record. The message says
 * what was wrong; the caller knows where it was.
 */
public class ZdabFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public ZdabFormatException(String message) {
        super(message);
    }
}
