/**
 * Reads flat TTrees from ROOT files, the format of the SNO+ ntuples, without ROOT: no Java ROOT library is on
 * Maven Central, so this is a focused reader written from the format's public descriptions.
 *
 * <ul>
 * <li>{@link org.snoplus.snoop.root.RootFile#open(java.nio.file.Path)}: the file, its trees (subdirectories
 * included), the ROOT version that wrote it.</li>
 * <li>{@link org.snoplus.snoop.root.RootTree}: entries and branches, each with its
 * {@link org.snoplus.snoop.root.LeafType} and {@link org.snoplus.snoop.root.BranchShape}, or the reason it
 * cannot be read.</li>
 * <li>{@link org.snoplus.snoop.root.EntryCursor}: entry by entry, typed getters per column without allocation,
 * {@link org.snoplus.snoop.root.EntryCursor#toMap()} for publishing an entry as an event, and a start entry to
 * resume after a restart.</li>
 * </ul>
 *
 * <p>Read: branches ({@code TBranch} with one leaf) of bool, 8/16/32/64-bit signed and unsigned integers, float,
 * double, their fixed-size arrays ({@code x[3]/F}), variable-size arrays with a counter branch
 * ({@code x[n]/F}) and strings ({@code TLeafC}); small and large (64-bit) files; ZLIB, LZMA and LZ4 compression
 * (the LZ4 checksum verified) and uncompressed data. Anything else raises an
 * {@link org.snoplus.snoop.root.UnsupportedRootException} saying what it met; damaged bytes raise a
 * {@link org.snoplus.snoop.root.RootFormatException} naming the file, the object and the byte offset. Every
 * size read from the file is checked against the file's length before anything is allocated.
 */
@Version("1.0.0")
@Export
package org.snoplus.snoop.root;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
