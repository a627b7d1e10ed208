package org.snoplus.snoop.web.dashboard.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.commonmark.renderer.html.HtmlWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.admin.ProcessorInfo;
import org.snoplus.snoop.admin.SnoopAdmin;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.QueryService;

/**
 * The dashboard's pages as HTML, free of OSGi and of the servlet API: a page by name, the home page,
 * a tag drawn alone full size, the page for a name that has no file. Thread-safe; settings are
 * replaced whole.
 */
final class Site {

    private static final Logger LOG = LoggerFactory.getLogger(Site.class);

    /** Where the extension scripts and styles are (the alarms'), from the services that offer them. */
    interface Extensions {
        List<String> scripts();

        List<String> styles();
    }

    private final Supplier<QueryService> query;
    private final Supplier<SnoopAdmin> admin;
    private final Extensions extensions;
    private volatile DashboardSettings settings;
    private volatile Pages pages;

    Site(DashboardSettings settings, Supplier<QueryService> query, Supplier<SnoopAdmin> admin, Extensions extensions) {
        this.query = query;
        this.admin = admin;
        this.extensions = extensions;
        configure(settings);
    }

    void configure(DashboardSettings s) {
        this.settings = s;
        this.pages = new Pages(s.dir(), s.maxFileBytes(), s.maxPages(), s.maxTags(),
                new TagCompiler(s.prefix(), s.maxPoints()));
    }

    DashboardSettings settings() {
        return settings;
    }

    Pages pages() {
        return pages;
    }

    /** An answer: status and HTML. */
    record Answer(int status, String html) {
    }

    /** The page {@code name} ({@code index} for the home page). */
    Answer page(String name) {
        Pages p = pages;
        Pages.Page page;
        try {
            page = p.get(name);
        } catch (IOException e) {
            LOG.warn("dashboard page {} cannot be read: {}", name, e.toString());
            return new Answer(500, frame(p, name, "cannot be read", "<h1>" + Html.escape(name) + "</h1>"
                    + PageRenderer.errorBox(name + ".md", -1, new TagException("the file " + p.dir().resolve(name + ".md")
                            + " cannot be read: " + e.getMessage(), "check the file's permissions"), true),
                    name + ".md"));
        }
        if (page == null) {
            return name.equals("index") ? new Answer(200, home(p)) : new Answer(404, missing(p, name));
        }
        String body;
        if (page.error() != null) {
            body = "<h1>" + Html.escape(page.title()) + "</h1>" + PageRenderer.errorBox(page.file().getFileName()
                    .toString(), -1, page.error(), true);
        } else {
            body = PageRenderer.body(page.parsed(), check());
        }
        return new Answer(200, frame(p, name, page.title(), body, "dashboards/" + page.file().getFileName()));
    }

    /** One tag alone, full size: where a {@code link} leads. */
    Answer plot(String tag) {
        Pages p = pages;
        String source = tag == null ? "" : tag.strip();
        Markdown.TagNode node;
        try {
            node = new Markdown.TagNode("{{ " + source + " }}", p.compiler().compile(TagCall.parse(source)), null, -1, 0);
        } catch (TagException e) {
            node = new Markdown.TagNode("{{ " + source + " }}", null, e, -1, 0);
        }
        StringBuilder body = new StringBuilder("<div class=\"snoop-full\">");
        PageRenderer.tag(node, true, check(), new HtmlWriter(body));
        body.append("</div>");
        String title = source.length() > 80 ? source.substring(0, 77) + "…" : source;
        return new Answer(200, frame(p, "-plot", title.isEmpty() ? "plot" : title, body.toString(), "{{ " + title + " }}"));
    }

    /**
     * The newest value of each field ({@code PROCESSOR.PATH}), read through the query service: each
     * processor's newest document once. Per field, {@code {"time": ms, "value": ...}} or
     * {@code {"error": "..."}}.
     *
     * @throws TagException when a field is not a field, or more are asked than {@code live.fields}
     */
    Map<String, Object> latest(List<String> fields) throws TagException {
        DashboardSettings s = settings;
        if (fields.size() > s.liveFields()) {
            throw new TagException(fields.size() + " fields asked for", "ask at most " + s.liveFields());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        QueryService qs = query.get();
        Map<String, SampleDocument> docs = new HashMap<>();
        for (String f : fields) {
            FieldRef r = FieldRef.parse(f);
            Map<String, Object> one = new LinkedHashMap<>();
            if (qs == null) {
                one.put("error", "the store cannot be read: no query service is running");
            } else {
                try {
                    SampleDocument doc = docs.containsKey(r.processor()) ? docs.get(r.processor()) : qs.latest(r.processor());
                    docs.put(r.processor(), doc);
                    if (doc == null) {
                        one.put("error", "no documents of processor " + r.processor());
                    } else {
                        Object v = Fields.resolve(doc, r.path());
                        if (v == Fields.ABSENT) {
                            one.put("error", "the newest document of " + r.processor() + " has no field " + r.path());
                        } else {
                            one.put("time", doc.time());
                            one.put("run", doc.run());
                            one.put("value", v);
                        }
                    }
                } catch (Exception e) {
                    one.put("error", "the store cannot answer: " + e.getMessage());
                }
            }
            out.put(f, one);
        }
        return out;
    }

    private DataCheck check() {
        QueryService qs = query.get();
        if (qs == null) {
            return null;
        }
        return new DataCheck(new DataCheck.Lookup() {
            @Override
            public List<String> names() throws Exception {
                return qs.names();
            }

            @Override
            public SampleDocument latest(String name) throws Exception {
                return qs.latest(name);
            }

            @Override
            public Set<String> running() {
                SnoopAdmin a = admin.get();
                Set<String> names = new LinkedHashSet<>();
                if (a != null) {
                    try {
                        for (ProcessorInfo info : a.processors()) {
                            names.add(info.name());
                        }
                    } catch (RuntimeException e) {
                        // the platform going away: check against the store alone
                    }
                }
                return names;
            }
        });
    }

    private String frame(Pages p, String current, String title, String body, String file) {
        DashboardSettings s = settings;
        long period = 5000;
        SnoopAdmin a = admin.get();
        if (a != null) {
            try {
                period = a.loop().samplePeriodMs();
            } catch (RuntimeException e) {
                // keep the default
            }
        }
        PageRenderer.Frame f = new PageRenderer.Frame(s.prefix(), s.apiPrefix(), p.nav(), p.hasHelp(),
                extensions.scripts(), extensions.styles(), period, s.stalePeriods());
        return PageRenderer.page(f, current, title, body, file);
    }

    /** The home page when there is no index.md: the pages there are, or how to start. */
    private String home(Pages p) {
        StringBuilder b = new StringBuilder("<h1>snoop</h1>");
        List<PageRenderer.NavEntry> nav = p.nav();
        if (nav.isEmpty()) {
            b.append("<p>There are no pages yet in <code>").append(Html.escape(p.dir().toString()))
                    .append("</code>. Write one: a file <code>NAME.md</code> there with a title and a tag is a page, "
                            + "e.g.</p><pre><code># Rate\n\n{{ value rate.data.rate unit=Hz }}\n\n"
                            + "{{ timeseries rate.data.rate range=-1h }}\n</code></pre>");
        } else {
            b.append("<ul>");
            for (PageRenderer.NavEntry e : nav) {
                b.append("<li><a href=\"").append(Html.escape(settings.prefix())).append('/')
                        .append(Html.escape(e.name())).append("\">").append(Html.escape(e.title())).append("</a></li>");
            }
            b.append("</ul>");
        }
        return frame(p, "index", "snoop", b.toString(), p.dir().resolve("index.md").toString());
    }

    private String missing(Pages p, String name) {
        List<String> names = new ArrayList<>(p.names());
        String near = Suggest.nearest(name, names);
        String shown = name.length() > 64 ? name.substring(0, 61) + "…" : name;
        StringBuilder b = new StringBuilder("<h1>No page ").append(Html.escape(shown)).append("</h1><p>");
        if (!Pages.NAME.matcher(name).matches()) {
            b.append("A page name has letters, digits, '-' and '_' (at most 64).");
        } else {
            b.append("There is no file <code>").append(Html.escape(shown)).append(".md</code> in the dashboards "
                    + "directory. Write one and load this page again.");
        }
        b.append("</p>");
        if (near != null) {
            b.append("<p>Did you mean <a href=\"").append(Html.escape(settings.prefix())).append('/')
                    .append(Html.escape(near)).append("\">").append(Html.escape(near)).append("</a>?</p>");
        }
        return frame(p, shown, "no page " + shown, b.toString(), "dashboards/");
    }
}
