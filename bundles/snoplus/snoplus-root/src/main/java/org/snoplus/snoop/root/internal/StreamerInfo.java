package org.snoplus.snoop.root.internal;

import java.util.List;

/**
 * How the file lays out the members of one version of one class (a TStreamerInfo): ROOT writes these for every
 * class it stores, which is what lets a reader follow a TTree or TBranch of any version without knowing it.
 */
record StreamerInfo(String className, int classVersion, long checksum, List<Element> elements) {

    /** One member (a TStreamerElement): its name, ROOT type code, array length, class name, and counter. */
    record Element(String name, String title, int type, int arrayLength, String typeName, String countName,
                   boolean base) {
    }
}
