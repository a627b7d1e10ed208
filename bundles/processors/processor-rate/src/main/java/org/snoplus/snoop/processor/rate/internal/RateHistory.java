package org.snoplus.snoop.processor.rate.internal;

import java.util.ArrayList;
import java.util.List;

/** The last few window rates, oldest overwritten first. */
final class RateHistory {

    private final double[] rates;
    private int next;
    private int size;

    RateHistory(int capacity) {
        rates = new double[capacity];
    }

    void add(double rate) {
        rates[next] = rate;
        next = (next + 1) % rates.length;
        if (size < rates.length) {
            size++;
        }
    }

    void clear() {
        next = 0;
        size = 0;
    }

    /** The highest rate held, 0 when none. */
    double max() {
        double max = 0;
        // until the ring is full, the rates held are the first `size` slots
        for (int i = 0; i < size; i++) {
            max = Math.max(max, rates[i]);
        }
        return max;
    }

    /** The rates held, oldest first, as {@code Double}s. */
    List<Object> toList() {
        List<Object> out = new ArrayList<>(size);
        int first = (next - size + rates.length) % rates.length;
        for (int i = 0; i < size; i++) {
            out.add(rates[(first + i) % rates.length]);
        }
        return out;
    }
}
