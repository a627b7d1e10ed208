package org.snoplus.snoop.sno.synthetic;

import java.util.Arrays;
import java.util.function.IntPredicate;

import org.snoplus.snoop.sno.Channels;

/**
 * The channels of one synthetic detector and their electronics constants, drawn from the seed:
 * which channels are dead, hot, OWL tubes; each channel's pedestals and TAC offset.
 */
final class DetectorChannels {

    /**
     * Card 15 of these crates carries the outward-looking (OWL) tubes. The real OWL cabling is in
     * the PMT database; this is a stand-in of the right size (96 channels for ~91 OWL tubes).
     */
    static final int[] OWL_CRATES = {3, 13, 18};
    static final int OWL_CARD = 15;

    /** TAC of the earliest light of an event, before a channel's own offset (counts). */
    static final int TAC_PROMPT = 2900;
    /** TAC of a pedestal pulse, before a channel's own offset (counts). */
    static final int TAC_PEDESTAL = 1800;
    /** A whole card is dead for every this many dead channels (a card switched off). */
    static final int DEAD_PER_DEAD_CARD = 200;

    final boolean[] dead = new boolean[Channels.COUNT];
    /** Inward-looking PMT channels that work: where the hits of an event land. */
    final int[] live;
    final int[] deadList;
    final int[] hotList;
    /** Per hot channel, its chance of a hit in an event, × 2^31. */
    final long[] hotChance;
    final int[] owl;
    /** Per crate, the channels a pedestal trigger reads out (working, not the FEC/D card). */
    final int[][] pedestalChannels = new int[Channels.CRATES][];

    final short[] pedQhs = new short[Channels.COUNT];
    final short[] pedQhl = new short[Channels.COUNT];
    final short[] pedQlx = new short[Channels.COUNT];
    final short[] tacPrompt = new short[Channels.COUNT];
    final short[] tacPedestal = new short[Channels.COUNT];
    /** Pedestal offset of a CMOS cell, indexed by {@code (lcn & 63) << 4 | cell}. */
    final byte[] cellOffset = new byte[1024];

    DetectorChannels(long seed, int deadCount, int hotCount) {
        SplitMix r = new SplitMix(seed ^ 0xC4A77E15L);

        // dead: whole cards first, then scattered channels
        int deadCards = deadCount / DEAD_PER_DEAD_CARD;
        int marked = 0;
        boolean[] cardDead = new boolean[Channels.CRATES * Channels.CARDS];
        while (marked < deadCards) {
            int card = r.below(cardDead.length);
            int lcn0 = card << 5;
            if (cardDead[card] || Channels.isFecd(lcn0) || isOwl(lcn0)) {
                continue;
            }
            cardDead[card] = true;
            for (int c = 0; c < Channels.CHANNELS_PER_CARD; c++) {
                dead[lcn0 + c] = true;
            }
            marked++;
        }
        int deadSoFar = deadCards * Channels.CHANNELS_PER_CARD;
        while (deadSoFar < deadCount) {
            int lcn = r.below(Channels.COUNT);
            if (!dead[lcn] && !Channels.isFecd(lcn)) {
                dead[lcn] = true;
                deadSoFar++;
            }
        }
        deadList = select(lcn -> dead[lcn]);
        live = select(lcn -> !dead[lcn] && !Channels.isFecd(lcn) && !isOwl(lcn));
        owl = select(lcn -> !dead[lcn] && isOwl(lcn));

        int[] hot = new int[hotCount];
        boolean[] isHot = new boolean[Channels.COUNT];
        for (int i = 0; i < hotCount; i++) {
            int lcn;
            do {
                lcn = live[r.below(live.length)];
            } while (isHot[lcn]);
            isHot[lcn] = true;
            hot[i] = lcn;
        }
        Arrays.sort(hot);
        hotList = hot;
        hotChance = new long[hotCount];
        for (int i = 0; i < hotCount; i++) {
            hotChance[i] = (long) ((0.3 + 0.5 * r.uniform()) * (1L << 31));
        }

        for (int crate = 0; crate < Channels.CRATES; crate++) {
            int c = crate;
            pedestalChannels[crate] = select(lcn -> Channels.crate(lcn) == c && !dead[lcn] && !Channels.isFecd(lcn));
        }

        // pedestals between 400 and 600 counts, similar within a crate; TAC offsets of the cables
        for (int crate = 0; crate < Channels.CRATES; crate++) {
            double qhs = 440 + 120 * r.uniform();
            double qhl = 440 + 120 * r.uniform();
            double qlx = 440 + 120 * r.uniform();
            for (int i = 0; i < Channels.CARDS * Channels.CHANNELS_PER_CARD; i++) {
                int lcn = (crate << 9) | i;
                pedQhs[lcn] = (short) clamp(qhs + 25 * r.gaussian(), 400, 600);
                pedQhl[lcn] = (short) clamp(qhl + 25 * r.gaussian(), 400, 600);
                pedQlx[lcn] = (short) clamp(qlx + 25 * r.gaussian(), 400, 600);
                tacPrompt[lcn] = (short) clamp(TAC_PROMPT + 40 * r.gaussian(), TAC_PROMPT - 150, TAC_PROMPT + 150);
                tacPedestal[lcn] = (short) clamp(TAC_PEDESTAL + 60 * r.gaussian(), TAC_PEDESTAL - 200,
                        TAC_PEDESTAL + 200);
            }
        }
        for (int i = 0; i < cellOffset.length; i++) {
            cellOffset[i] = (byte) clamp(4 * r.gaussian(), -12, 12);
        }
    }

    static boolean isOwl(int lcn) {
        if (Channels.card(lcn) != OWL_CARD) {
            return false;
        }
        int crate = Channels.crate(lcn);
        for (int c : OWL_CRATES) {
            if (c == crate) {
                return true;
            }
        }
        return false;
    }

    private static int clamp(double v, int min, int max) {
        return (int) Math.max(min, Math.min(max, Math.round(v)));
    }

    private static int[] select(IntPredicate t) {
        int[] out = new int[Channels.COUNT];
        int n = 0;
        for (int lcn = 0; lcn < Channels.COUNT; lcn++) {
            if (t.test(lcn)) {
                out[n++] = lcn;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
