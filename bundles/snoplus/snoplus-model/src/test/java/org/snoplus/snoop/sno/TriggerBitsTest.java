package org.snoplus.snoop.sno;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class TriggerBitsTest {

    @Test
    public void triggerListsReadNamesAllAndRemovals() {
        assertEquals(TriggerBits.MASK & ~TriggerBits.PED & ~TriggerBits.PULGT,
                TriggerBits.mask("triggers", new String[] {"ALL,-PED,-PULGT"}));
        assertEquals(TriggerBits.N100L | TriggerBits.N20,
                TriggerBits.mask("triggers", new String[] {"100L", " n20 "}));
        assertEquals(TriggerBits.OWLN, TriggerBits.mask("triggers", new String[] {"all -all OWLN"}));
    }

    @Test
    public void nothingConfiguredSelectsNoBits() {
        assertEquals(0, TriggerBits.mask("veto", (String[]) null));
        assertEquals(0, TriggerBits.mask("veto", new String[] {null, "", " , "}));
    }

    @Test
    public void anUnknownNameIsRejectedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TriggerBits.mask("veto", new String[] {"PED,pedestal"}));
        assertTrue(e.getMessage(), e.getMessage().startsWith("bad configuration: veto holds 'pedestal'"));
    }
}
