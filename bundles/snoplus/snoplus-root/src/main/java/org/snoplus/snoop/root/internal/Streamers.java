package org.snoplus.snoop.root.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The streamer information of a file, by class name and version. */
final class Streamers {

    static final Streamers NONE = new Streamers(List.of());

    private final Map<String, List<StreamerInfo>> byName = new HashMap<>();

    Streamers(List<StreamerInfo> infos) {
        for (StreamerInfo i : infos) {
            byName.computeIfAbsent(i.className(), k -> new ArrayList<>()).add(i);
        }
    }

    /** The layout of {@code className} at {@code version}, or null. */
    StreamerInfo find(String className, int version) {
        for (StreamerInfo i : byName.getOrDefault(className, List.of())) {
            if (i.classVersion() == version) {
                return i;
            }
        }
        return null;
    }

    /** For classes without a version of their own (version &le; 0), ROOT identifies the layout by checksum. */
    StreamerInfo findByChecksum(String className, long checksum) {
        for (StreamerInfo i : byName.getOrDefault(className, List.of())) {
            if (i.checksum() == checksum) {
                return i;
            }
        }
        return null;
    }

    /** Whether {@code className} is {@code base} or derives from it, as far as the file's layouts tell. */
    boolean inherits(String className, String base) {
        return inherits(className, base, 0);
    }

    private boolean inherits(String className, String base, int depth) {
        if (className.equals(base)) {
            return true;
        }
        if (depth > 16) {
            return false;
        }
        for (StreamerInfo i : byName.getOrDefault(className, List.of())) {
            for (StreamerInfo.Element e : i.elements()) {
                if (e.base() && inherits(e.name(), base, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    int size() {
        return byName.values().stream().mapToInt(List::size).sum();
    }
}
