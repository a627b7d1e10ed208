package org.snoplus.snoop.web.dashboard.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.parser.SourceLines;
import org.commonmark.parser.beta.InlineContentParser;
import org.commonmark.parser.beta.InlineContentParserFactory;
import org.commonmark.parser.beta.InlineParserState;
import org.commonmark.parser.beta.ParsedInline;
import org.commonmark.parser.beta.Position;
import org.commonmark.parser.beta.Scanner;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;
import org.commonmark.renderer.text.TextContentRenderer;

/**
 * The Markdown of a page (CommonMark, with GitHub's tables) and its tags: a tag {@code {{ ... }}}
 * is parsed where the text has it (never inside code, so the help page can show tags), understood
 * at once ({@link TagCompiler}), and drawn by the page's script from the element rendered in its
 * place. A paragraph made of tags only becomes a row of them, side by side.
 */
final class Markdown {

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());

    private Markdown() {
    }

    /** A parsed page: its tree and what its tags became, in order. */
    record Parsed(Node document, List<TagNode> tags, String title) {
    }

    /**
     * Parses a page. Tags beyond {@code maxTags} are errors, so that a runaway page costs at most
     * {@code maxTags} widgets.
     */
    static Parsed parse(String text, TagCompiler compiler, int maxTags) {
        List<TagNode> tags = new ArrayList<>();
        Parser parser = Parser.builder()
                .extensions(EXTENSIONS)
                .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
                .customInlineContentParserFactory(new TagParserFactory(compiler, tags, maxTags))
                .postProcessor(Markdown::rows)
                .build();
        Node document = parser.parse(text);
        return new Parsed(document, List.copyOf(tags), title(document));
    }

    /** The text of the first heading, or null. */
    private static String title(Node document) {
        for (Node n = document.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Heading) {
                String t = TextContentRenderer.builder().build().render(n).strip();
                return t.isEmpty() ? null : t;
            }
        }
        return null;
    }

    /** Renders a parsed page's body to HTML; {@code widgets} writes each tag. */
    static String render(Parsed page, TagWriter widgets) {
        HtmlRenderer renderer = HtmlRenderer.builder()
                .extensions(EXTENSIONS)
                .nodeRendererFactory(context -> new TagRenderer(context, widgets))
                .build();
        return renderer.render(page.document());
    }

    /** Writes the HTML of one tag. */
    interface TagWriter {
        void write(TagNode tag, boolean inRow, HtmlWriter html);
    }

    // ------------------------------------------------------------------ nodes

    /** A tag in the text: the widget it became, or what is wrong with it. */
    static final class TagNode extends CustomNode {
        final String source;
        final Widget widget;
        final TagException error;
        final int line;
        final int index;

        TagNode(String source, Widget widget, TagException error, int line, int index) {
            this.source = source;
            this.widget = widget;
            this.error = error;
            this.line = line;
            this.index = index;
        }

        boolean block() {
            return widget != null && widget.kind().block || error != null;
        }
    }

    /** A paragraph of tags only: drawn as a row. */
    static final class TagRow extends CustomBlock {
    }

    // ------------------------------------------------------------------ parsing

    private record TagParserFactory(TagCompiler compiler, List<TagNode> tags, int maxTags)
            implements InlineContentParserFactory {

        @Override
        public Set<Character> getTriggerCharacters() {
            return Set.of('{');
        }

        @Override
        public InlineContentParser create() {
            return this::tryParse;
        }

        private ParsedInline tryParse(InlineParserState state) {
            Scanner s = state.scanner();
            Position start = s.position();
            if (!s.next("{{")) {
                return ParsedInline.none();
            }
            Position inner = s.position();
            while (true) {
                if (s.find('}') < 0) {
                    s.setPosition(inner);
                    TagNode bad = node(s, start, inner, null, new TagException("a tag opened with {{ is not closed",
                            "close it with }} in the same paragraph: {{ value rate.data.rate }}; to show {{ as text, "
                                    + "write \\{{"));
                    return ParsedInline.of(bad, inner);
                }
                Position close = s.position();
                s.next();
                if (s.peek() == '}') {
                    s.next();
                    String text = s.getSource(inner, close).getContent();
                    return ParsedInline.of(node(s, start, s.position(), text, null), s.position());
                }
            }
        }

        private TagNode node(Scanner s, Position start, Position end, String text, TagException early) {
            SourceLines lines = s.getSource(start, end);
            int line = lines.getSourceSpans().isEmpty() ? -1 : lines.getSourceSpans().get(0).getLineIndex() + 1;
            String source = text == null ? "{{" : "{{" + text + "}}";
            int index = tags.size();
            TagNode node;
            if (early != null) {
                node = new TagNode(source, null, early, line, index);
            } else if (index >= maxTags) {
                node = new TagNode(source, null, new TagException("this page has more than " + maxTags + " tags",
                        "split it into several pages (the limit is the dashboard's max.tags)"), line, index);
            } else {
                Widget w = null;
                TagException error = null;
                try {
                    w = compiler.compile(TagCall.parse(text));
                } catch (TagException e) {
                    error = e;
                }
                node = new TagNode(source, w, error, line, index);
            }
            List<SourceSpan> spans = lines.getSourceSpans();
            if (!spans.isEmpty()) {
                node.setSourceSpans(spans);
            }
            tags.add(node);
            return node;
        }
    }

    /** Paragraphs of tags only (and white space between them) become rows. */
    private static Node rows(Node document) {
        List<Paragraph> paragraphs = new ArrayList<>();
        collect(document, paragraphs);
        for (Paragraph p : paragraphs) {
            boolean tagsOnly = p.getFirstChild() != null;
            for (Node n = p.getFirstChild(); n != null && tagsOnly; n = n.getNext()) {
                tagsOnly = n instanceof TagNode || n instanceof SoftLineBreak
                        || n instanceof Text t && t.getLiteral().isBlank();
            }
            if (!tagsOnly) {
                continue;
            }
            TagRow row = new TagRow();
            Node n = p.getFirstChild();
            while (n != null) {
                Node next = n.getNext();
                if (n instanceof TagNode) {
                    row.appendChild(n);
                }
                n = next;
            }
            p.insertBefore(row);
            p.unlink();
        }
        return document;
    }

    private static void collect(Node node, List<Paragraph> out) {
        for (Node n = node.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Paragraph p) {
                out.add(p);
            } else {
                collect(n, out);
            }
        }
    }

    // ------------------------------------------------------------------ rendering

    private static final class TagRenderer implements NodeRenderer {
        private final HtmlNodeRendererContext context;
        private final TagWriter widgets;

        TagRenderer(HtmlNodeRendererContext context, TagWriter widgets) {
            this.context = context;
            this.widgets = widgets;
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(TagNode.class, TagRow.class);
        }

        @Override
        public void render(Node node) {
            HtmlWriter html = context.getWriter();
            if (node instanceof TagRow) {
                html.line();
                html.tag("div", Map.of("class", "snoop-row"));
                for (Node n = node.getFirstChild(); n != null; n = n.getNext()) {
                    widgets.write((TagNode) n, true, html);
                }
                html.tag("/div");
                html.line();
            } else {
                widgets.write((TagNode) node, false, html);
            }
        }
    }
}
