package org.snoplus.snoop.web.dashboard.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.testing.SampleDocuments;

public class DataCheckTest {

    private final Docs docs = Docs.demo();
    private final TagCompiler compiler = new TagCompiler("", 5000);

    private void ok(String tag, Set<String> running) throws Exception {
        new DataCheck(docs.lookup(running)).check(compiler.compile(TagCall.parse(tag)));
    }

    private void refused(String tag, String problem, String fix) throws Exception {
        try {
            ok(tag, Set.of());
            fail("accepted: " + tag);
        } catch (TagException e) {
            assertTrue(e.problem(), e.problem().contains(problem));
            assertTrue(e.fix(), e.fix().contains(fix));
        }
    }

    @Test
    public void fieldsThereAreAccepted() throws Exception {
        ok("value rate.data.rate", Set.of());
        ok("value rate.events", Set.of());
        ok("value rate.run", Set.of());
        ok("histogram nhit.data.per_trigger.100L.hist", Set.of());
        ok("timeseries host.data.heap.used host.data.cpu.process.load", Set.of());
        ok("detectormap occupancy.data.window.channels per=occupancy.data.window.events", Set.of());
        ok("detectormap occupancy.data.window.cards", Set.of());
        // a map divided channel by channel by another of the same shape (a crate's mean charge)
        ok("detectormap occupancy.data.window.cards per=occupancy.data.window.cards", Set.of());
        ok("table triggers.data.triggers", Set.of());
        ok("table occupancy.data.window", Set.of());
        ok("table runstats", Set.of("runstats"));
        ok("timeseries rate.data.rate cut=nhit.data.mean=1..2", Set.of());
    }

    @Test
    public void aKeyWithDotsIsFoundBesideAShorterOne() throws Exception {
        // "hits" (a number) and "hits.crates" (values per crate) are both keys of the same object
        ok("detectormap timing.data.window.flags.cgt.es16.hits.crates", Set.of());
        ok("value timing.data.window.flags.cgt.es16.hits", Set.of());
        ok("value timing.data.window.clock.drift.ppm", Set.of());
    }

    @Test
    public void aProcessorThatRunsButHasNotSampledYetIsNotAnError() throws Exception {
        ok("value newcomer.data.x", Set.of("newcomer"));
        ok("timeseries rate.data.rate cut=newcomer.data.x=1", Set.of("newcomer"));
    }

    @Test
    public void unknownProcessors() throws Exception {
        refused("value rat.data.rate", "there is no processor 'rat'; did you mean rate?", "the processors are host, nhit");
        refused("timeseries rate.data.rate cut=nhits.data.mean=1..2", "no processor 'nhits'; did you mean nhit?", "");
        refused("table runstat", "there is no processor 'runstat'", "the processors are");
        DataCheck empty = new DataCheck(new Docs().lookup(Set.of()));
        try {
            empty.check(compiler.compile(TagCall.parse("value rate.data.rate")));
            fail();
        } catch (TagException e) {
            assertTrue(e.fix(), e.fix().contains("no processor has sampled yet"));
        }
    }

    @Test
    public void missingFieldsAreToldWithTheFieldsThereAre() throws Exception {
        refused("value rate.data.rates", "the newest document of rate has no field data.rates; did you mean rate.data.rate?",
                "fields of rate that are a single value (a number, text or true/false): rate.events, rate.run, rate.time");
        refused("histogram nhit.data.hst", "has no field data.hst; did you mean nhit.data.hist?",
                "fields of nhit that are a histogram: nhit.data.hist, nhit.data.per_trigger.100L.hist");
        refused("value rate.data.rate.x", "has no field data.rate.x", "");
    }

    @Test
    public void fieldsOfTheWrongKind() throws Exception {
        refused("histogram nhit.data.mean", "nhit.data.mean is a number, not a histogram", "nhit.data.hist");
        refused("timeseries nhit.data.hist", "nhit.data.hist is a histogram, not a number", "{{ histogram ... }}");
        refused("value occupancy.data.window.channels", "is values per channels, not a single value",
                "{{ detectormap ... }}");
        refused("detectormap nhit.data.mean", "is a number, not values per channel, card or crate",
                "fields of nhit that are values per channel, card or crate: none");
        refused("value nhit.data.per_trigger", "is an object (of 1 keys), not a single value", "{{ table ... }}");
        refused("table rate.data.rate", "rate.data.rate is a number, not an object or a table", "");
        refused("detectormap occupancy.data.window.channels per=occupancy.data.window", "is an object", "");
    }

    @Test
    public void listsOfDetectorSizeAreMapsToo() throws Exception {
        docs.add(SampleDocuments.doc("plain", Docs.T, "crates", java.util.Collections.nCopies(19, 1.0),
                "few", java.util.List.of(1, 2, 3)));
        ok("detectormap plain.data.crates", Set.of());
        refused("detectormap plain.data.few", "is a list of 3 values, not values per channel, card or crate", "");
    }

    @Test
    public void aStoreThatCannotAnswerIsNotTheTagsFault() throws Exception {
        DataCheck broken = new DataCheck(new DataCheck.Lookup() {
            @Override
            public java.util.List<String> names() throws Exception {
                throw new java.io.IOException("store closed");
            }

            @Override
            public SampleDocument latest(String name) {
                return null;
            }

            @Override
            public Set<String> running() {
                return Set.of();
            }
        });
        broken.check(compiler.compile(TagCall.parse("value anything.data.x")));
        assertEquals(Map.of(), Map.of());
    }
}
