package org.snoplus.snoop.processor.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.List;

import org.junit.Test;

public class ConfigValuesTest {

    @Test
    public void itemsSplitCommasOfEachValueAndDropBlanks() {
        assertEquals(List.of("a", "b", "c"), ConfigValues.items(new String[] {" a, b", "", "c ,"}));
        assertEquals(List.of(), ConfigValues.items(null));
    }

    @Test
    public void checkNamesTheKey() {
        ConfigValues.check(true, "k", "never said");
        try {
            ConfigValues.check(false, "hist.bins", "must be positive, not -1");
            fail("accepted");
        } catch (IllegalArgumentException e) {
            assertEquals("bad configuration: hist.bins must be positive, not -1", e.getMessage());
        }
    }
}
