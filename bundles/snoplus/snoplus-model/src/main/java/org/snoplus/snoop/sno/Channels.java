package org.snoplus.snoop.sno;

/**
 * The SNO+ electronics channel map: 19 crates × 16 cards × 32 channels = 9728 channels, numbered
 * {@code 512·crate + 32·card + channel} (the logical channel number, LCN). Card 15 of crate 17
 * holds the FEC/D channels that carry trigger signals, not PMTs: minard excludes them from NHIT.
 */
public final class Channels {

    public static final int CRATES = 19;
    public static final int CARDS = 16;
    public static final int CHANNELS_PER_CARD = 32;
    /** Channels in the detector; also the length of per-channel arrays in documents. */
    public static final int COUNT = CRATES * CARDS * CHANNELS_PER_CARD;
    /** Crate and card of the FEC/D (trigger) channels. */
    public static final int FECD_CRATE = 17;
    public static final int FECD_CARD = 15;

    private Channels() {
    }

    /** The logical channel number of crate/card/channel. */
    public static int lcn(int crate, int card, int channel) {
        return (crate << 9) | (card << 5) | channel;
    }

    public static int crate(int lcn) {
        return lcn >>> 9;
    }

    public static int card(int lcn) {
        return (lcn >>> 5) & 0xF;
    }

    public static int channel(int lcn) {
        return lcn & 0x1F;
    }

    /** Card index across the detector, {@code 16·crate + card}, 0..303. */
    public static int cardIndex(int lcn) {
        return lcn >>> 5;
    }

    /** Whether the channel is one of the FEC/D trigger channels (crate 17, card 15). */
    public static boolean isFecd(int lcn) {
        return (lcn >>> 5) == FECD_CRATE * CARDS + FECD_CARD;
    }

    /** Whether the number is a channel of the detector at all. */
    public static boolean isValid(int lcn) {
        return lcn >= 0 && lcn < COUNT;
    }
}
