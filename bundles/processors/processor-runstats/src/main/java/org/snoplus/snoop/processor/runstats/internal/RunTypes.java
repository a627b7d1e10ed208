package org.snoplus.snoop.processor.runstats.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Names of the bits of the SNO+ run type word (the run mask of the run header), as SNO+ software
 * (RAT's RunTypeWordBits, shared with ORCA) names them. Bits 0 to 8 are the exclusive run types,
 * then calibration and detector-state flags.
 */
final class RunTypes {

    private static final String[] NAMES = {"Maintenance", "Transition", "Physics", "Deployed Source",
        "External Source", "ECA", "Diagnostic", "Experimental", "Supernova", null, null, "TELLIE", "SMELLIE",
        "AMELLIE", "PCA", "ECAPDST", "ECATSLP", null, "Embedded Peds.", null, null, "DCR Activity",
        "Comp. Coils OFF", "PMTs OFF", "Bubblers ON", "Cavity Recirculation ON", "SLAssay", "Unusual Activity",
        "AV Recirculation ON", null, null, null};

    private RunTypes() {
    }

    /** The names of the bits set in {@code mask}, in bit order; an unnamed bit is {@code "bit N"}. */
    static List<String> names(long mask) {
        List<String> names = new ArrayList<>();
        for (int b = 0; b < 32; b++) {
            if ((mask & (1L << b)) != 0) {
                names.add(NAMES[b] != null ? NAMES[b] : "bit " + b);
            }
        }
        return names;
    }
}
