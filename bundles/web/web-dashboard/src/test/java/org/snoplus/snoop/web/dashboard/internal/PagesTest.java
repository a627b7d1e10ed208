package org.snoplus.snoop.web.dashboard.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The pages of a real directory: new and changed files show on the next read, limits hold. */
public class PagesTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Pages pages(int maxFileBytes, int maxPages) {
        return new Pages(tmp.getRoot().toPath(), maxFileBytes, maxPages, 100, new TagCompiler("", 5000));
    }

    private Path write(String name, String text) throws Exception {
        Path f = tmp.getRoot().toPath().resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    public void aNewFileIsAPageAtOnceAndAChangedOneIsReadAgain() throws Exception {
        Pages p = pages(256 * 1024, 200);
        assertNull(p.get("rate"));
        Path f = write("rate.md", "# Rate\n\n{{ value rate.data.rate }}\n");
        Pages.Page first = p.get("rate");
        assertEquals("Rate", first.title());
        assertSame("unchanged: kept", first, p.get("rate"));
        Files.writeString(f, "# Event rate\n\n{{ value rate.data.rate }}\n{{ value rate.data.peak }}\n");
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 2000));
        Pages.Page second = p.get("rate");
        assertNotSame(first, second);
        assertEquals("Event rate", second.title());
        assertEquals(2, second.parsed().tags().size());
        Files.delete(f);
        assertNull(p.get("rate"));
    }

    @Test
    public void namesThatAreNotPagesAreNotRead() throws Exception {
        write("ok.md", "# ok");
        Pages p = pages(1024, 200);
        assertNotNull(p.get("ok"));
        for (String bad : List.of("../ok", "ok.md", ".ok", "-plot", "a/b", "", "x".repeat(65), "ok\u0000")) {
            assertNull(bad, p.get(bad));
        }
        Files.createDirectory(tmp.getRoot().toPath().resolve("dir.md"));
        assertNull(p.get("dir"));
    }

    @Test
    public void aFileTooLargeIsAPageThatSaysSo() throws Exception {
        write("big.md", "# Big\n" + "x".repeat(2000));
        Pages.Page page = pages(1024, 200).get("big");
        assertNull(page.parsed());
        assertTrue(page.error().problem(), page.error().problem().contains("is 2 kB, more than the 1 kB a page may be"));
        assertTrue(page.error().fix().contains("max.file.kb"));
    }

    @Test
    public void aFileThatIsNotUtf8IsStillShown() throws Exception {
        Files.write(tmp.getRoot().toPath().resolve("latin.md"), new byte[] {'#', ' ', 'c', (byte) 0xe9, '\n'});
        assertEquals("c\uFFFD", pages(1024, 200).get("latin").title());
    }

    @Test
    public void theNavigationBarIsHomeThenByOrderThenTitle() throws Exception {
        write("index.md", "<!-- snoop: order=99 -->\n# Welcome");
        write("zeta.md", "<!-- snoop: order=10 -->\n# Zeta");
        write("alpha.md", "# Alpha");
        write("beta.md", "# beta");
        write("hidden.md", "<!-- snoop: nav=hidden -->\n# Hidden");
        write("README.md", "# Help");
        write("notes.txt", "not a page");
        List<PageRenderer.NavEntry> nav = pages(1024, 200).nav();
        assertEquals(List.of(new PageRenderer.NavEntry("index", "Home"), new PageRenderer.NavEntry("zeta", "Zeta"),
                new PageRenderer.NavEntry("alpha", "Alpha"), new PageRenderer.NavEntry("beta", "beta")), nav);
        assertTrue(pages(1024, 200).hasHelp());
    }

    @Test
    public void atMostMaxPagesAreListedAndKept() throws Exception {
        for (int i = 0; i < 12; i++) {
            write(String.format("p%02d.md", i), "# Page " + i);
        }
        Pages p = pages(1024, 5);
        assertEquals(5, p.names().size());
        assertEquals(5, p.nav().size());
        for (int i = 0; i < 12; i++) {
            assertNotNull(p.get(String.format("p%02d", i)));
        }
    }

    @Test
    public void aMissingDirectoryHasNoPages() {
        Pages p = new Pages(tmp.getRoot().toPath().resolve("none"), 1024, 10, 10, new TagCompiler("", 5000));
        assertEquals(List.of(), p.nav());
        assertTrue(!p.hasHelp());
    }
}
