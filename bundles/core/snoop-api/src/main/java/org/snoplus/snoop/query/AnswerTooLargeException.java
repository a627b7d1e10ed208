package org.snoplus.snoop.query;

/**
 * A question whose answer would be larger than its budget ({@link QueryLimits#maxBytes}): refused
 * before it is all read, naming the parameter to narrow.
 */
public class AnswerTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final long budget;

    /**
     * @param parameter what to narrow: {@code from} (the range), {@code points}, {@code fields}, {@code limit}
     * @param budget the budget, bytes
     * @param message what was asked and how large it would be
     */
    public AnswerTooLargeException(String parameter, long budget, String message) {
        super(message);
        this.parameter = parameter;
        this.budget = budget;
    }

    /** The parameter of the question to narrow. */
    public String parameter() {
        return parameter;
    }

    /** The budget that the answer would exceed, bytes. */
    public long budget() {
        return budget;
    }
}
