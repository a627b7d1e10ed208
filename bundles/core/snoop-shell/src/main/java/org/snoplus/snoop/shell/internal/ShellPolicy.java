package org.snoplus.snoop.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the shell runs when {@code all.commands} is off: one command of the {@code snoop} scope
 * or one of the read-only {@code lb}, {@code scr:list}, {@code scr:info}, {@code help}, with plain
 * words as arguments.
 *
 * <p>A Gogo line is a script (pipes, {@code ;}, closures, {@code $(...)}, variables, method calls
 * on any object — {@code (bundle 0) stop} needs no {@code stop} command), so checking its first
 * word proves nothing. The line is therefore split here into words, each word must be plain text
 * that Gogo cannot read as syntax, and the command is rebuilt with its full scope, so that a
 * command of the same name in another scope is never the one that runs.
 */
final class ShellPolicy {

    static final String ALLOWED = "the snoop: commands and lb, scr:list, scr:info, help";
    private static final Map<String, String> READ_ONLY = Map.of(
            "lb", "felix:lb", "felix:lb", "felix:lb",
            "help", "felix:help", "felix:help", "felix:help",
            "scr:list", "scr:list", "scr:info", "scr:info");
    private static final Pattern SNOOP = Pattern.compile("snoop:[A-Za-z][A-Za-z0-9]*");
    /** Characters Gogo gives no meaning to: no quotes, $, (, {, [, ;, |, &, <, >, =, \, #, *, ?, ~, whitespace. */
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9._:/,+-]+");

    private ShellPolicy() {
    }

    /** The command is not allowed; the message says why and what is. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** The line to give Gogo for {@code line}, or {@link Refused}. */
    static String check(String line) throws Refused {
        List<String> words = new ArrayList<>(List.of(line.strip().split("[ \t]+")));
        String name = words.get(0);
        String command = READ_ONLY.get(name);
        if (command == null && SNOOP.matcher(name).matches()) {
            command = name;
        }
        if (command == null) {
            throw new Refused("'" + shorten(name) + "' is not allowed in this shell: it runs " + ALLOWED
                    + " (all.commands = true in snoop.shell.cfg allows every Gogo command)");
        }
        for (String w : words.subList(1, words.size())) {
            if (!WORD.matcher(w).matches()) {
                throw new Refused("argument '" + shorten(w) + "' is not allowed in this shell: arguments are plain "
                        + "words of letters, digits and . _ : / , + - (all.commands = true in snoop.shell.cfg "
                        + "allows Gogo scripts)");
            }
        }
        words.set(0, command);
        return String.join(" ", words);
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\p{Cntrl}", "?");
        return one.length() > 40 ? one.substring(0, 37) + "..." : one;
    }
}
