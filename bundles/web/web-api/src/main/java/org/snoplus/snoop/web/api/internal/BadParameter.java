package org.snoplus.snoop.web.api.internal;

/**
 * A request parameter (or a path element standing for one, such as woodstock's range) that does
 * not follow its grammar: answered with status 400 and {@code {"error": message, "parameter": parameter}}.
 */
final class BadParameter extends Exception {
    private static final long serialVersionUID = 1L;

    private final String parameter;

    BadParameter(String parameter, String message) {
        super(message, null, false, false);
        this.parameter = parameter;
    }

    /** The name of the parameter, as the client wrote it. */
    String parameter() {
        return parameter;
    }
}
