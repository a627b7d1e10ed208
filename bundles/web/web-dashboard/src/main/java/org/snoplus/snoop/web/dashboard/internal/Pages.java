package org.snoplus.snoop.web.dashboard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages of the dashboards directory: {@code NAME.md} is the page {@code NAME}. A page is read
 * and parsed when it is first asked for and again whenever its file changed (time or size), so a
 * new or edited file shows on the next load, with no restart and no watcher thread. Parsed pages
 * are kept, at most {@code max.pages}.
 *
 * <p>A page may say where it goes in the navigation bar with a comment, invisible when the file is
 * read elsewhere: {@code <!-- snoop: order=20 -->} (pages sort by order, then title; default 1000),
 * {@code <!-- snoop: nav=hidden -->} (served but not listed).
 */
final class Pages {

    private static final Logger LOG = LoggerFactory.getLogger(Pages.class);

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern OPTIONS = Pattern.compile("<!--\\s*snoop:([^>]*?)-->");
    private static final Pattern ORDER = Pattern.compile("\\border\\s*=\\s*(-?\\d{1,6})\\b");
    private static final Pattern HIDDEN = Pattern.compile("\\bnav\\s*=\\s*hidden\\b");
    static final int DEFAULT_ORDER = 1000;

    /** A page as read from its file. */
    record Page(String name, Path file, String title, int order, boolean hidden, Markdown.Parsed parsed,
            TagException error) {
    }

    private record Cached(long modified, long size, Page page) {
    }

    private final Path dir;
    private final int maxFileBytes;
    private final int maxPages;
    private final int maxTags;
    private final TagCompiler compiler;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile boolean warnedTooMany;

    Pages(Path dir, int maxFileBytes, int maxPages, int maxTags, TagCompiler compiler) {
        this.dir = dir;
        this.maxFileBytes = maxFileBytes;
        this.maxPages = maxPages;
        this.maxTags = maxTags;
        this.compiler = compiler;
    }

    Path dir() {
        return dir;
    }

    TagCompiler compiler() {
        return compiler;
    }

    int maxTags() {
        return maxTags;
    }

    /** The page {@code name} as its file is now, or null when there is no such file. */
    Page get(String name) throws IOException {
        if (!NAME.matcher(name).matches()) {
            return null;
        }
        Path file = dir.resolve(name + ".md");
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            cache.remove(name);
            return null;
        }
        if (!attrs.isRegularFile()) {
            return null;
        }
        long modified = attrs.lastModifiedTime().toMillis();
        Cached c = cache.get(name);
        if (c != null && c.modified() == modified && c.size() == attrs.size()) {
            return c.page();
        }
        Page page = read(name, file, attrs.size());
        if (cache.size() >= maxPages && !cache.containsKey(name)) {
            // a directory of more pages than kept: start again rather than grow
            cache.clear();
        }
        cache.put(name, new Cached(modified, attrs.size(), page));
        return page;
    }

    private Page read(String name, Path file, long size) throws IOException {
        if (size > maxFileBytes) {
            return new Page(name, file, name, DEFAULT_ORDER, false, null, new TagException("the file " + file.getFileName()
                    + " is " + (size + 1023) / 1024 + " kB, more than the " + maxFileBytes / 1024 + " kB a page may be",
                    "split it into several pages, or raise max.file.kb in snoop.web.dashboard.cfg"));
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // the file may have grown since it was measured: never read more than the limit
            bytes = in.readNBytes(maxFileBytes + 1);
        }
        if (bytes.length > maxFileBytes) {
            return read(name, file, bytes.length);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            LOG.warn("dashboard page {} is not UTF-8; odd characters are shown as \uFFFD", file);
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        Markdown.Parsed parsed = Markdown.parse(text, compiler, maxTags);
        int order = DEFAULT_ORDER;
        boolean hidden = false;
        Matcher m = OPTIONS.matcher(text);
        while (m.find()) {
            Matcher o = ORDER.matcher(m.group(1));
            if (o.find()) {
                order = Integer.parseInt(o.group(1));
            }
            hidden |= HIDDEN.matcher(m.group(1)).find();
        }
        String title = parsed.title() != null ? parsed.title() : name;
        return new Page(name, file, title, order, hidden, parsed, null);
    }

    /** The pages to list in the navigation bar, the home page ({@code index}) first. */
    List<PageRenderer.NavEntry> nav() {
        List<String> names = names();
        List<Page> pages = new ArrayList<>();
        for (String n : names) {
            try {
                Page p = get(n);
                if (p != null && (!p.hidden() || n.equals("index")) && !n.equals("README")) {
                    pages.add(p);
                }
            } catch (IOException e) {
                LOG.debug("dashboard page {} cannot be read: {}", n, e.toString());
            }
        }
        pages.sort(Comparator.comparing((Page p) -> !p.name().equals("index")).thenComparingInt(Page::order)
                .thenComparing(Page::title, String.CASE_INSENSITIVE_ORDER));
        List<PageRenderer.NavEntry> out = new ArrayList<>();
        for (Page p : pages) {
            out.add(new PageRenderer.NavEntry(p.name(), p.name().equals("index") ? "Home" : p.title()));
        }
        return out;
    }

    /** The names of the pages in the directory (at most max.pages, in name order). */
    List<String> names() {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.md")) {
            for (Path f : files) {
                String file = f.getFileName().toString();
                String n = file.substring(0, file.length() - 3);
                if (NAME.matcher(n).matches()) {
                    names.add(n);
                }
            }
        } catch (IOException e) {
            LOG.warn("dashboards directory {} cannot be listed: {}", dir, e.toString());
        }
        names.sort(null);
        if (names.size() > maxPages) {
            if (!warnedTooMany) {
                warnedTooMany = true;
                LOG.warn("dashboards directory {} has {} pages; only the first {} (by name) are listed (max.pages)",
                        dir, names.size(), maxPages);
            }
            return new ArrayList<>(names.subList(0, maxPages));
        }
        return names;
    }

    /** Whether a help page (README.md) is there. */
    boolean hasHelp() {
        return Files.isRegularFile(dir.resolve("README.md"));
    }
}
