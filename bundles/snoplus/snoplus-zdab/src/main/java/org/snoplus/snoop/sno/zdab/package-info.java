/**
 * The SNO/SNO+ ZDAB format: raw detector data as the DAQ writes it to files, and as the dispatcher
 * sends it (its {@code RAWDATA} record carries exactly the data of a ZDAB event bank).
 *
 * <ul>
 * <li>{@link org.snoplus.snoop.sno.zdab.ZdabCodec}: the PMT event record (MTC/D header and FEC hit
 * words) to and from a {@link org.snoplus.snoop.sno.PmtEvent}, and the {@code RHDR}, {@code TRIG},
 * {@code EPED} banks to and from the header records of {@code org.snoplus.snoop.sno}; for file
 * banks and dispatcher payloads alike.</li>
 * <li>{@link org.snoplus.snoop.sno.zdab.ZdabFile}: reads a {@code .zdab} or {@code .zdab.gz} file
 * record by record, walking its ZEBRA structure; damaged records are reported with their byte
 * offset and skipped.</li>
 * <li>{@link org.snoplus.snoop.sno.zdab.ZdabWriter}: writes files as the SNO writer does.</li>
 * </ul>
 *
 * <p>What a physicist gets from a decoded event: the run and sub-run, the GTID (24 bits), the
 * trigger word (27 bits, named by {@link org.snoplus.snoop.sno.TriggerBits}), the 10 MHz (53-bit,
 * 100 ns) and 50 MHz (43-bit, 20 ns) clocks, ESUM peak/difference/integral, the MTC/D error bits,
 * and per hit the channel ({@code 512·crate + 32·card + channel}), CMOS cell, QHS, QHL, QLX and TAC
 * as ADC counts 0..4095 (the front end stores bit 11 inverted; that is undone), and the flags CGT
 * ES16, CGT ES24, missed count, LGI select, NC/CC and CMOS ES16. Nothing is calibrated.
 *
 * <p>The format, with every layout and the sources it comes from, is described in
 * {@code docs/ZDAB.md} of the snoop sources. To look into a file:
 * {@code java -cp sno-model.jar:sno-zdab.jar org.snoplus.snoop.sno.zdab.internal.Dump [--hits] FILE...}
 * prints one JSON line per record.
 */
@Version("1.1.0")
@Export
package org.snoplus.snoop.sno.zdab;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
