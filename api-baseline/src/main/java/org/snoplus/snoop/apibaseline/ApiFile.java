package org.snoplus.snoop.apibaseline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import aQute.bnd.service.diff.Delta;
import aQute.bnd.service.diff.Diff;
import aQute.bnd.service.diff.Tree;
import aQute.bnd.service.diff.Type;

/**
 * The text form of a recorded API: a header, then bnd's API tree, one element a line, indented two
 * spaces a level: {@code name TAB TYPE TAB change-if-added TAB change-if-removed}. Meant to be read
 * in a review: a changed line is a changed API.
 */
final class ApiFile {

    private static final String BUNDLE = "bundle: ";
    private static final String EXPORTS = "export-package: ";

    /** What a baseline file holds. */
    record Recorded(String bsn, String exports, Tree.Data api) {
    }

    private ApiFile() {
    }

    static void write(Path file, String bsn, String exports, Tree.Data api) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# The released API of ").append(bsn).append(", checked by every build (api-baseline).\n");
        b.append("# Written by: mvn -B -pl api-baseline -am verify -DskipTests -Dapi.baseline.record=true\n");
        b.append(BUNDLE).append(bsn).append('\n');
        b.append(EXPORTS).append(exports).append('\n');
        element(b, api, 0);
        Files.writeString(file, b, StandardCharsets.UTF_8);
    }

    private static void element(StringBuilder b, Tree.Data d, int depth) {
        b.append("  ".repeat(depth)).append(escape(d.name)).append('\t').append(d.type).append('\t').append(d.add)
                .append('\t').append(d.rem).append('\n');
        if (d.children != null) {
            for (Tree.Data c : d.children) {
                element(b, c, depth + 1);
            }
        }
    }

    static Recorded read(Path file) throws IOException {
        String bsn = null;
        String exports = null;
        Tree.Data root = null;
        Deque<Tree.Data> parents = new ArrayDeque<>();
        Deque<List<Tree.Data>> children = new ArrayDeque<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith(BUNDLE)) {
                bsn = line.substring(BUNDLE.length());
                continue;
            }
            if (line.startsWith(EXPORTS)) {
                exports = line.substring(EXPORTS.length());
                continue;
            }
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == ' ') {
                indent++;
            }
            int depth = indent / 2;
            String[] f = line.substring(indent).split("\t", -1);
            if (f.length != 4 || indent % 2 != 0 || depth > parents.size()) {
                throw new IOException(file.getFileName() + ":" + n + ": not an API tree line");
            }
            Tree.Data d = new Tree.Data();
            d.name = unescape(f[0]);
            d.type = Type.valueOf(f[1]);
            d.add = Delta.valueOf(f[2]);
            d.rem = Delta.valueOf(f[3]);
            while (parents.size() > depth) {
                close(parents, children);
            }
            if (depth == 0) {
                if (root != null) {
                    throw new IOException(file.getFileName() + ":" + n + ": a second root");
                }
                root = d;
            } else {
                children.peek().add(d);
            }
            parents.push(d);
            children.push(new ArrayList<>());
        }
        while (!parents.isEmpty()) {
            close(parents, children);
        }
        if (bsn == null || exports == null || root == null) {
            throw new IOException(file.getFileName() + ": no bundle, export-package or API tree");
        }
        return new Recorded(bsn, exports, root);
    }

    private static void close(Deque<Tree.Data> parents, Deque<List<Tree.Data>> children) {
        Tree.Data d = parents.pop();
        d.children = children.pop().toArray(Tree.Data[]::new);
    }

    /** The elements that changed, briefly: "ADDED method x(), REMOVED class Y". */
    static String changes(Diff diff) {
        List<String> out = new ArrayList<>();
        collect(diff, out);
        return out.isEmpty() ? "none listed" : String.join(", ", out.subList(0, Math.min(out.size(), 12)))
                + (out.size() > 12 ? ", ..." : "");
    }

    private static void collect(Diff d, List<String> out) {
        if (d.getDelta() == Delta.ADDED || d.getDelta() == Delta.REMOVED) {
            out.add(d.getDelta() + " " + d.getType().toString().toLowerCase() + " " + d.getName());
            return;
        }
        for (Diff c : d.getChildren()) {
            collect(c, out);
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(++i);
                b.append(e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
