package org.snoplus.snoop.alarm.engine.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule files of a directory ({@code conf/alarms/*.rules}), looked at every second: a new or
 * changed file is read and checked, and its rules replace its earlier ones in the engine; a file
 * with problems is rejected whole (each problem logged: file, line, rule, key, reason) and the
 * file's last good rules stay; a file removed takes its rules with it. Bounded: at most
 * {@value #MAX_FILES} files of at most {@value #MAX_BYTES} bytes.
 *
 * <p>Called from the engine's thread only.
 */
final class RuleFiles {

    static final String EXTENSION = ".rules";
    static final int MAX_FILES = 100;
    static final long MAX_BYTES = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(RuleFiles.class);

    private record Stamp(long modified, long size) {
    }

    private final Engine engine;
    private Path dir;
    private final Map<String, Stamp> seen = new HashMap<>();
    private boolean missingLogged;
    private boolean tooManyLogged;

    RuleFiles(Engine engine) {
        this.engine = engine;
    }

    /** Watches {@code directory} from now on (null: none); the rules of the former one go. */
    void directory(Path directory) {
        if (directory == null ? dir == null : directory.equals(dir)) {
            return;
        }
        for (String f : seen.keySet()) {
            engine.removeRules(f);
        }
        seen.clear();
        dir = directory;
        missingLogged = false;
        if (dir != null) {
            LOG.info("alarm rules: {}/*{}", dir, EXTENSION);
        }
    }

    Path directory() {
        return dir;
    }

    /** Looks at the directory and takes up what changed. */
    void scan() {
        if (dir == null) {
            return;
        }
        Map<String, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + EXTENSION)) {
            for (Path p : s) {
                files.put(p.getFileName().toString(), p);
            }
            missingLogged = false;
        } catch (NoSuchFileException e) {
            if (!missingLogged) {
                LOG.info("alarm rules: {} does not exist: no rules (create it and put NAME{} files in it)", dir, EXTENSION);
                missingLogged = true;
            }
        } catch (IOException e) {
            // unreadable for now (permissions, a network file system): keep the rules we have
            if (!missingLogged) {
                LOG.error("alarm rules: {} cannot be read ({}); the rules read before stay", dir, e.toString());
                missingLogged = true;
            }
            return;
        }
        if (files.size() > MAX_FILES) {
            if (!tooManyLogged) {
                LOG.error("alarm rules: {} holds {} rule files; the first {} by name are read, the others ignored", dir,
                        files.size(), MAX_FILES);
                tooManyLogged = true;
            }
            List<String> names = new ArrayList<>(files.keySet());
            for (String n : names.subList(MAX_FILES, names.size())) {
                files.remove(n);
            }
        } else {
            tooManyLogged = false;
        }
        Set<String> gone = new HashSet<>(seen.keySet());
        gone.removeAll(files.keySet());
        for (String f : gone) {
            seen.remove(f);
            engine.removeRules(f);
            LOG.info("alarm rules: {} removed: its rules are gone", f);
        }
        for (Map.Entry<String, Path> e : files.entrySet()) {
            String name = e.getKey();
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(e.getValue(), BasicFileAttributes.class);
            } catch (IOException ex) {
                continue; // gone between the listing and now: the next scan says so
            }
            if (!a.isRegularFile()) {
                continue;
            }
            Stamp stamp = new Stamp(a.lastModifiedTime().toMillis(), a.size());
            if (stamp.equals(seen.get(name))) {
                continue;
            }
            seen.put(name, stamp);
            load(name, e.getValue(), a.size());
        }
        engine.rulesLoaded();
    }

    private void load(String name, Path file, long size) {
        List<String> problems;
        if (size > MAX_BYTES) {
            problems = List.of(name + ": is " + size + " bytes, more than the " + MAX_BYTES + " a rule file may have");
        } else {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                        .toString();
            } catch (CharacterCodingException ex) {
                problems = List.of(name + ": is not UTF-8 text");
                report(name, problems);
                return;
            } catch (IOException ex) {
                problems = List.of(name + ": cannot be read: " + ex.getMessage());
                report(name, problems);
                return;
            }
            RuleParser.Result r = RuleParser.parse(name, text);
            problems = r.ok() ? engine.rules(name, r.rules()) : r.problems();
            if (problems.isEmpty()) {
                LOG.info("alarm rules: {}: {} rules in force", name, r.rules().size());
                return;
            }
        }
        report(name, problems);
    }

    private void report(String name, List<String> problems) {
        engine.rejected(name, problems);
        for (String p : problems) {
            LOG.error("alarm rules rejected: {}", p);
        }
        LOG.error("alarm rules: {} has {} problem{}; its last good rules stay in force", name, problems.size(),
                problems.size() == 1 ? "" : "s");
    }
}
