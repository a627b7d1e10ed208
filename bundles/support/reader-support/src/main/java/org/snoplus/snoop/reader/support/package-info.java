/**
 * Helpers that every reader needs and no reader should own: {@link Pacer} (publishing at a
 * configured rate), {@link SourceFiles} (a path or a glob, expanded in name order),
 * {@link FileCursor} and {@link FileBatch} (where a file reader is, and its batches published
 * with their positions and run boundaries), {@link RunBatch} for streams.
 *
 * <p>This is not a bundle and not API. Each reader bundle copies the package into itself at build
 * time ({@code -conditionalpackage: org.snoplus.snoop.reader.support} in its bnd instructions), so
 * it is private to every reader that uses it: nothing exports or imports it, a reader can be
 * updated alone, and a change here reaches a reader only when that reader is rebuilt.
 */
package org.snoplus.snoop.reader.support;
