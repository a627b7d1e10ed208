package org.snoplus.snoop.alarm;

import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.snoplus.snoop.query.QueryLimits;
import org.snoplus.snoop.query.StoreException;

/**
 * The alarms of the running instance: those active now, their history, the rules, the silences.
 * Read by the shell, the REST API and the pages. Acknowledging and silencing are done through
 * here too; the REST API asks for a token before it calls them, the shell is its user's own.
 */
@ProviderType
public interface AlarmService {

    /** The alarms firing or acknowledged now, the most severe first, then the newest. */
    List<Alarm> active();

    /**
     * The changes of alarms in {@code [from, to)}, oldest first, at most {@code limit} (the newest).
     *
     * @param atLeast only changes of this severity or worse (null: all)
     * @param name only changes of alarms whose name matches (a name or a pattern with {@code *};
     *        null: all)
     * @throws StoreException when the store cannot be read
     */
    List<Alarm> history(long from, long to, Severity atLeast, String name, int limit, QueryLimits limits)
            throws StoreException;

    /**
     * Acknowledges the active alarm {@code name}: it stays until its condition ends but stops
     * calling for attention.
     *
     * @param by who (a name or initials), required
     * @param comment what they saw or did, may be empty
     * @return the alarm as it is now
     * @throws IllegalArgumentException if no alarm of that name is firing, or {@code by} is empty
     */
    Alarm acknowledge(String name, String by, String comment);

    /**
     * Silences the alarms matching {@code pattern} for {@code duration}: they are kept and shown,
     * but nobody is notified and the banner stays calm. A silence of the same pattern is replaced.
     *
     * @throws IllegalArgumentException if the pattern, the duration or {@code by} is not acceptable
     *         (the message says why), or too many silences are set
     */
    Silence silence(String pattern, Duration duration, String by, String comment);

    /** Ends the silence of {@code pattern}; false if there was none. */
    boolean unsilence(String pattern);

    /** The silences in force. */
    List<Silence> silences();

    /** The rules in force, with their state. */
    List<RuleInfo> rules();

    /**
     * What is wrong with the rule files: one line per problem, {@code FILE: rule RULE: KEY: REASON}
     * (a rejected file keeps its last good rules).
     */
    List<String> problems();
}
