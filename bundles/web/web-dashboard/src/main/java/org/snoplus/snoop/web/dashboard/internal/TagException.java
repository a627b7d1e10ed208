package org.snoplus.snoop.web.dashboard.internal;

/**
 * What is wrong with a tag, and how to fix it: the two lines of the error box that the page shows
 * in the tag's place.
 */
final class TagException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String fix;

    /**
     * @param problem what is wrong, in the words of the page's author
     * @param fix what to write instead (an example when there is one)
     */
    TagException(String problem, String fix) {
        super(problem, null, false, false);
        this.fix = fix;
    }

    String problem() {
        return getMessage();
    }

    String fix() {
        return fix;
    }
}
