package org.snoplus.snoop.alarm;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a check of a histogram against its reference: a level and the test's figures.
 *
 * @param check the rule that made the check
 * @param level {@link Level#GOOD}, {@link Level#MEDIUM}, {@link Level#BAD}, or {@link Level#UNKNOWN}
 *        when there were too few entries to judge
 * @param test {@code ks} (Kolmogorov–Smirnov) or {@code chi2}
 * @param statistic the test's statistic (the largest distance between the cumulative
 *        distributions, or χ²)
 * @param p the probability of a difference at least this large if both came from one distribution
 * @param entries the entries of the histogram judged
 * @param reference the reference's name
 * @param time the sample time of the document judged, ms since the epoch
 */
public record Quality(String check, Level level, String test, double statistic, double p, long entries,
        String reference, long time) {

    /** Quality levels, from the best. */
    public enum Level {
        GOOD, MEDIUM, BAD, UNKNOWN;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The JSON form, as stored in the {@code alarms} documents under {@code quality.CHECK}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", level.label());
        m.put("test", test);
        m.put("statistic", Double.isFinite(statistic) ? statistic : null);
        m.put("p", Double.isFinite(p) ? p : null);
        m.put("entries", entries);
        m.put("reference", reference);
        m.put("time", time);
        return m;
    }
}
