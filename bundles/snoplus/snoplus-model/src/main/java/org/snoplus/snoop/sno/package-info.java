/**
 * The SNO+ detector as SNO+ processors see it: {@link org.snoplus.snoop.sno.PmtEvent} (one
 * triggered event with its PMT hits as primitive arrays), the header records
 * ({@link org.snoplus.snoop.sno.RunHeader}, {@link org.snoplus.snoop.sno.TriggerSettings},
 * {@link org.snoplus.snoop.sno.PedestalSettings}), the trigger bits
 * ({@link org.snoplus.snoop.sno.TriggerBits}), the channel map ({@link org.snoplus.snoop.sno.Channels})
 * and the shapes of per-channel, per-card and per-crate values in documents
 * ({@link org.snoplus.snoop.sno.SnoShapes}).
 *
 * <p>Readers of SNO+ data (ZDAB files, the dispatcher, the synthetic detector) publish these
 * objects into the event loop in the order of the data; a processor asks for the type it wants
 * with {@code eventType()}.
 */
@Version("1.2.0")
@Export
package org.snoplus.snoop.sno;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
