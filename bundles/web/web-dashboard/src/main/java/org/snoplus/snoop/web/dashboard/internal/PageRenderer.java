package org.snoplus.snoop.web.dashboard.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.commonmark.renderer.html.HtmlWriter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes whole pages: the frame every page shares (navigation bar, theme switch, connection mark,
 * the alarm banner, the scripts) around a page's rendered Markdown, and each tag's element, which
 * the page's script ({@code static/snoop.js}) draws into.
 */
final class PageRenderer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** A page in the navigation bar. */
    record NavEntry(String name, String title) {
    }

    /** What the frame of every page needs to know. */
    record Frame(String prefix, String apiPrefix, List<NavEntry> nav, boolean help, List<String> scripts,
            List<String> styles, long samplePeriodMs, int stalePeriods) {
    }

    private PageRenderer() {
    }

    /** The HTML of a parsed page's body, its tags checked against the data by {@code check} (may be null). */
    static String body(Markdown.Parsed page, DataCheck check) {
        return Markdown.render(page, (tag, inRow, html) -> tag(tag, inRow, check, html));
    }

    static void tag(Markdown.TagNode node, boolean inRow, DataCheck check, HtmlWriter html) {
        TagException error = node.error;
        Widget w = node.widget;
        if (error == null && check != null) {
            try {
                check.check(w);
            } catch (TagException e) {
                error = e;
            }
        }
        if (error != null) {
            html.raw(errorBox(node.source, node.line, error, node.block() || inRow));
            return;
        }
        if (w.kind() == TagKind.LINK) {
            html.raw("<a class=\"snoop-link\" href=\"" + Html.escape((String) w.config().get("href")) + "\">"
                    + Html.escape((String) w.config().get("text")) + "</a>");
            return;
        }
        StringBuilder b = new StringBuilder();
        b.append("<span class=\"snoop-tag snoop-").append(w.kind().tag).append(w.kind().block ? " snoop-block" : "")
                .append("\" data-snoop=\"").append(Html.escape(json(w.config()))).append('"');
        if (w.kind() == TagKind.ALARMS) {
            // the extension point of the alarms: their script fills every element with this attribute
            b.append(" data-snoop-alarms");
        }
        b.append('>');
        Object title = w.config().get("title");
        if (title != null) {
            b.append("<span class=\"snoop-title\">").append(Html.escape(title.toString())).append("</span>");
        }
        if (w.kind() != TagKind.ALARMS) {
            b.append("<span class=\"snoop-wait\">").append(w.kind() == TagKind.VALUE ? "…" : "loading…")
                    .append("</span>");
        }
        b.append("</span>");
        html.raw(b.toString());
    }

    /** The box shown in place of a bad tag: what is wrong, and how to fix it. */
    static String errorBox(String source, int line, TagException e, boolean block) {
        String shown = source.length() > 300 ? source.substring(0, 297) + "…" : source;
        return "<span class=\"snoop-error" + (block ? " snoop-block" : "") + "\" role=\"alert\">"
                + "<span class=\"snoop-error-what\"><b>This tag cannot be drawn</b>"
                + (line > 0 ? " (line " + line + ")" : "") + ": " + Html.escape(e.problem()) + ".</span>"
                + "<code class=\"snoop-error-source\">" + Html.escape(shown) + "</code>"
                + "<span class=\"snoop-error-fix\"><b>How to fix:</b> " + Html.escape(e.fix()) + ".</span></span>";
    }

    /** A whole page. */
    static String page(Frame f, String current, String title, String body, String file) {
        StringBuilder b = new StringBuilder(body.length() + 4096);
        String p = Html.escape(f.prefix());
        b.append("<!DOCTYPE html>\n<html lang=\"en\" data-theme=\"dark\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(title)).append(" · snoop</title>\n")
                .append("<link rel=\"icon\" href=\"").append(p).append("/-/static/favicon.svg\" type=\"image/svg+xml\">\n")
                .append("<link rel=\"stylesheet\" href=\"").append(p).append("/-/uplot/uPlot.min.css\">\n")
                .append("<link rel=\"stylesheet\" href=\"").append(p).append("/-/static/snoop.css\">\n");
        for (String s : f.styles()) {
            b.append("<link rel=\"stylesheet\" href=\"").append(Html.escape(s)).append("\">\n");
        }
        // the theme is set before the first paint, so that a dark room never sees a white flash
        b.append("<script src=\"").append(p).append("/-/static/theme.js\"></script>\n")
                .append("<script defer src=\"").append(p).append("/-/uplot/uPlot.iife.min.js\"></script>\n")
                .append("<script defer src=\"").append(p).append("/-/static/snoop.js\"></script>\n");
        for (String s : f.scripts()) {
            b.append("<script defer src=\"").append(Html.escape(s)).append("\"></script>\n");
        }
        b.append("</head>\n<body data-prefix=\"").append(p).append("\" data-api=\"")
                .append(Html.escape(f.apiPrefix())).append("/api/v1\" data-period=\"").append(f.samplePeriodMs())
                .append("\" data-stale-periods=\"").append(f.stalePeriods()).append("\" data-page=\"")
                .append(Html.escape(current)).append("\">\n");
        b.append("<header class=\"snoop-bar\"><a class=\"snoop-brand\" href=\"").append(p).append("/\">snoop</a><nav>");
        for (NavEntry e : f.nav()) {
            boolean here = e.name().equals(current);
            b.append("<a href=\"").append(p).append('/').append(e.name().equals("index") ? "" : Html.escape(e.name()))
                    .append('"').append(here ? " class=\"here\" aria-current=\"page\"" : "").append('>')
                    .append(Html.escape(e.title())).append("</a>");
        }
        b.append("</nav><span class=\"snoop-tools\">");
        if (f.help()) {
            b.append("<a href=\"").append(p).append("/README\"").append("README".equals(current) ? " class=\"here\"" : "")
                    .append(" title=\"How to write a page\">help</a>");
        }
        b.append("<span id=\"snoop-conn\" class=\"snoop-conn\" title=\"live updates\">connecting</span>")
                .append("<span id=\"snoop-clock\" class=\"snoop-clock\"></span>")
                .append("<button id=\"snoop-theme\" type=\"button\" title=\"switch between the dark and the light theme\">")
                .append("theme</button></span></header>\n");
        // the alarms' extension point: hidden and empty until their script has something to say
        b.append("<div id=\"snoop-alarm-banner\" class=\"snoop-alarm-banner\" role=\"status\" hidden></div>\n");
        b.append("<main class=\"snoop-page\">\n").append(body).append("</main>\n");
        b.append("<footer class=\"snoop-footer\">").append(Html.escape(file)).append(" · rendered ")
                .append(STAMP.format(Instant.now())).append("</footer>\n</body>\n</html>\n");
        return b.toString();
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a widget's settings are plain values", e);
        }
    }

    /** A tiny map literal, in order. */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
