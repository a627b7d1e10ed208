package org.snoplus.snoop.processor.support;

import java.util.ArrayList;
import java.util.List;

/**
 * Reading a processor's configuration values with the project's error form. Embedded privately in
 * each processor bundle (bnd {@code -conditionalpackage}) rather than exported, so that a
 * processor bundle never wires to another bundle that an upgrade would refresh.
 */
public final class ConfigValues {

    private ConfigValues() {
    }

    /**
     * The items of a list key. A {@code .cfg} file gives one string where a {@code .config} file
     * gives a list, so each value may itself be a comma-separated list; blanks are dropped.
     */
    public static List<String> items(String[] values) {
        List<String> items = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                for (String item : v.split(",")) {
                    if (!item.isBlank()) {
                        items.add(item.trim());
                    }
                }
            }
        }
        return items;
    }

    /** Rejects a configuration: {@code "bad configuration: <key> <reason>"}. */
    public static void check(boolean ok, String key, String reason) {
        if (!ok) {
            throw new IllegalArgumentException("bad configuration: " + key + " " + reason);
        }
    }
}
