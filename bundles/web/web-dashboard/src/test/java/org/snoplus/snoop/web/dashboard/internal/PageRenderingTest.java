package org.snoplus.snoop.web.dashboard.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/** Markdown with tags as a page: where tags are found, how they are written, the error boxes. */
public class PageRenderingTest {

    private final TagCompiler compiler = new TagCompiler("", 5000);
    private final Docs docs = Docs.demo();

    private String render(String markdown) {
        return render(markdown, 100);
    }

    private String render(String markdown, int maxTags) {
        return PageRenderer.body(Markdown.parse(markdown, compiler, maxTags), new DataCheck(docs.lookup(Set.of())));
    }

    private static int count(String html, String what) {
        int n = 0;
        for (int i = html.indexOf(what); i >= 0; i = html.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    public void aFiveLinePageOfTwoTags() {
        Markdown.Parsed p = Markdown.parse("# Event rate\n\n{{ value rate.data.rate unit=Hz format=.0f }}\n\n"
                + "{{ timeseries rate.data.rate range=-1h }}\n", compiler, 100);
        assertEquals("Event rate", p.title());
        assertEquals(2, p.tags().size());
        String html = PageRenderer.body(p, null);
        assertTrue(html, html.contains("<h1>Event rate</h1>"));
        assertTrue(html, html.contains("<span class=\"snoop-tag snoop-value\" data-snoop=\"{&quot;tag&quot;:&quot;value&quot;,"
                + "&quot;field&quot;:&quot;rate.data.rate&quot;,&quot;unit&quot;:&quot;Hz&quot;,&quot;format&quot;:&quot;.0f&quot;}\">"));
        assertTrue(html, html.contains("snoop-tag snoop-timeseries snoop-block"));
        assertEquals("tags alone in a paragraph make rows", 2, count(html, "<div class=\"snoop-row\">"));
        assertFalse(html, html.contains("<p><span class=\"snoop-tag"));
    }

    @Test
    public void tagsInASentenceStayInIt() {
        String html = render("The rate is {{ value rate.data.rate unit=Hz }} now.");
        assertTrue(html, html.startsWith("<p>The rate is <span class=\"snoop-tag snoop-value\""));
        assertTrue(html, html.contains("</span> now.</p>"));
        assertEquals(0, count(html, "snoop-row"));
    }

    @Test
    public void tagsOnConsecutiveLinesShareARow() {
        String html = render("{{ value rate.data.rate }}\n{{ value nhit.data.mean }}\n\n{{ histogram nhit.data.hist }}");
        assertEquals(2, count(html, "<div class=\"snoop-row\">"));
        Matcher m = Pattern.compile("<div class=\"snoop-row\">(.*?)</div>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find());
        assertEquals(2, count(m.group(1), "snoop-value"));
    }

    @Test
    public void codeShowsTagsAsText() {
        String html = render("Write `{{ value rate.data.rate }}`:\n\n```\n{{ histogram nhit.data.hist }}\n```\n\n"
                + "    {{ nonsense }}\n\n\\{{ value rate.data.rate }}");
        assertEquals(html, 0, count(html, "data-snoop"));
        assertEquals(0, count(html, "snoop-error"));
        assertTrue(html, html.contains("<code>{{ value rate.data.rate }}</code>"));
        assertTrue(html, html.contains("{{ histogram nhit.data.hist }}\n</code></pre>"));
        assertTrue(html, html.contains("<p>{{ value rate.data.rate }}</p>"));
    }

    @Test
    public void tagsInTableCellsAndHeadings() {
        String html = render("## Rate {{ value rate.data.rate }}\n\n| what | now |\n|---|---|\n| rate | {{ value rate.data.rate unit=Hz }} |\n");
        assertEquals(2, count(html, "snoop-tag snoop-value"));
        assertTrue(html, html.contains("<td><span class=\"snoop-tag snoop-value\""));
    }

    @Test
    public void aTagMayRunOverLines() {
        String html = render("{{ timeseries rate.data.rate\n   nhit.data.mean\n   range=-2h }}");
        assertTrue(html, html.contains("&quot;fields&quot;:[&quot;rate.data.rate&quot;,&quot;nhit.data.mean&quot;]"));
    }

    @Test
    public void aBadTagIsABoxSayingWhatAndHowAndTheRestIsDrawn() {
        String html = render("# P\n\ntext\n\n{{ histogram nhit.data.hist rnage=-1h }}\n\n{{ value rate.data.rate }}\n");
        assertEquals(1, count(html, "class=\"snoop-error snoop-block\" role=\"alert\""));
        assertTrue(html, html.contains("(line 5): histogram takes no rnage= (did you mean range=?)."));
        assertTrue(html, html.contains("<code class=\"snoop-error-source\">{{ histogram nhit.data.hist rnage=-1h }}</code>"));
        assertTrue(html, html.contains("<b>How to fix:</b> histogram takes from, height, range, run, title, to, unit"));
        assertEquals(1, count(html, "data-snoop="));
    }

    @Test
    public void anUnclosedTagIsABox() {
        String html = render("Rate {{ value rate.data.rate and more text");
        assertTrue(html, html.contains("a tag opened with {{ is not closed"));
        assertTrue(html, html.contains("write \\{{"));
        assertTrue(html, html.contains(" value rate.data.rate and more text"));
    }

    @Test
    public void anEmptyTagIsABox() {
        assertTrue(render("{{ }}").contains("the tag is empty"));
        assertTrue(render("{{}}").contains("the tag is empty"));
    }

    @Test
    public void tagsBeyondTheLimitAreBoxes() {
        String html = render("{{ value rate.data.rate }} {{ value rate.data.peak }} {{ value nhit.data.mean }}", 2);
        assertEquals(2, count(html, "data-snoop="));
        assertTrue(html, html.contains("this page has more than 2 tags"));
        assertTrue(html, html.contains("max.tags"));
    }

    @Test
    public void dataProblemsAreBoxesToo() {
        String html = render("{{ value rte.data.rate }}\n\n{{ value rate.data.rat }}\n\n{{ timeseries nhit.data.hist }}");
        assertTrue(html, html.contains("there is no processor &#39;rte&#39;; did you mean rate?"));
        assertTrue(html, html.contains("the processors are host, nhit, occupancy, rate, timing, triggers"));
        assertTrue(html, html.contains("the newest document of rate has no field data.rat; did you mean rate.data.rate?"));
        assertTrue(html, html.contains("nhit.data.hist is a histogram, not a number"));
        assertTrue(html, html.contains("draw a histogram with {{ histogram ... }}"));
        assertEquals(3, count(html, "role=\"alert\""));
    }

    @Test
    public void linksAreAnchors() {
        String html = render("{{ link histogram nhit.data.hist log text=\"NHIT <full>\" }}");
        assertTrue(html, html.contains("<a class=\"snoop-link\" href=\"/-/plot?tag=histogram+nhit.data.hist+log\">NHIT &lt;full&gt;</a>"));
    }

    @Test
    public void alarmsSlotIsTheExtensionPoint() {
        String html = render("{{ alarms }}");
        assertTrue(html, html.contains("data-snoop-alarms></span>"));
    }

    @Test
    public void textInTagsIsEscaped() {
        String html = render("{{ timeseries rate.data.rate title=\"<script>alert(1)</script>\" }}");
        assertFalse(html, html.contains("<script>"));
        assertTrue(html, html.contains("&lt;script&gt;"));
    }

    @Test
    public void theFrameHasTheBarTheBannerAndTheScripts() {
        PageRenderer.Frame f = new PageRenderer.Frame("/snoop", "", List.of(new PageRenderer.NavEntry("index", "Home"),
                new PageRenderer.NavEntry("nhit", "NHIT")), true, List.of("/api/v1/alarms/page.js"), List.of("/x.css"),
                2000, 3);
        String page = PageRenderer.page(f, "nhit", "NHIT <1>", "<p>body</p>", "dashboards/nhit.md");
        assertTrue(page, page.startsWith("<!DOCTYPE html>"));
        assertTrue(page, page.contains("<title>NHIT &lt;1&gt; · snoop</title>"));
        assertTrue(page, page.contains("<a href=\"/snoop/nhit\" class=\"here\" aria-current=\"page\">NHIT</a>"));
        assertTrue(page, page.contains("<a href=\"/snoop/\">Home</a>"));
        assertTrue(page, page.contains("data-api=\"/api/v1\" data-period=\"2000\" data-stale-periods=\"3\""));
        assertTrue(page, page.contains("<div id=\"snoop-alarm-banner\" class=\"snoop-alarm-banner\" role=\"status\" hidden></div>"));
        assertTrue(page, page.contains("<script defer src=\"/api/v1/alarms/page.js\"></script>"));
        assertTrue(page, page.contains("<link rel=\"stylesheet\" href=\"/x.css\">"));
        assertTrue(page, page.contains("<script defer src=\"/snoop/-/uplot/uPlot.iife.min.js\"></script>"));
        assertTrue(page, page.contains(">help</a>"));
    }
}
