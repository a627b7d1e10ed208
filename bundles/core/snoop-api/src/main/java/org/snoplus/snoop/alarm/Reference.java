package org.snoplus.snoop.alarm;

/**
 * A reference histogram: a histogram field of a processor saved from a good run, to which the
 * same field of new documents is compared (a rule with {@code compare = NAME}).
 *
 * @param name its name
 * @param processor the processor it was taken from
 * @param field the field ({@code data.hist})
 * @param source what it was taken from ({@code run 300000}, or a time range)
 * @param saved when it was saved, ms since the epoch
 * @param bins its number of bins
 * @param entries the entries it holds
 */
public record Reference(String name, String processor, String field, String source, long saved, int bins,
        long entries) {
}
