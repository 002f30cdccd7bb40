package org.orbited.node.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed {@code orbited.cfg} / {@code orbit.cfg}: syntax only, no meaning. {@link ConfigLoader} gives the
 * entries their meaning.
 *
 * <p>Syntax (orbit-protocol.md 9.1): {@code [section]} headers; {@code key = value} lines split at the
 * first {@code =}, both sides trimmed; a {@code #} starts a comment anywhere on a line ({@code \#} is a literal
 * {@code #}, e.g. IRC channel names); blank lines are ignored. In the {@code [proxy]} section every line is {@code prefix -> target} instead, split at the
 * first {@code ->}; it becomes an {@link Entry} whose key is the prefix and whose value is the target.
 * Lines that fit none of these, and key lines before the first header, are collected as
 * {@link #syntaxErrors()} with their line numbers; parsing never stops early.
 */
public final class ConfigFile {
    /** The section whose lines are proxy rules rather than key/value pairs. */
    public static final String PROXY_SECTION = "proxy";

    /** One {@code key = value} (or {@code prefix -> target}) line. */
    public record Entry(String section, String key, String value, int line) {
        public Entry {
            Objects.requireNonNull(section, "section");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        /** The value read as a comma list ({@code [log]} style), items trimmed, empty items dropped. */
        public List<String> commaList() {
            List<String> items = new ArrayList<>();
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
            return items;
        }
    }

    /** One {@code [name]} header. A section may appear more than once; its entries then merge. */
    public record Section(String name, int line) {
    }

    private final String name;
    private final List<Section> sections;
    private final List<Entry> entries;
    private final List<ConfigProblem> syntaxErrors;

    private ConfigFile(String name, List<Section> sections, List<Entry> entries, List<ConfigProblem> errors) {
        this.name = name;
        this.sections = List.copyOf(sections);
        this.entries = List.copyOf(entries);
        this.syntaxErrors = List.copyOf(errors);
    }

    /** Reads and parses {@code path} as UTF-8. The file name decides the defaults, see {@link ConfigLoader}. */
    public static ConfigFile read(Path path) throws IOException {
        String text = Files.readString(path, StandardCharsets.UTF_8);
        return parse(path.toString(), text);
    }

    /**
     * Parses {@code text}. {@code name} is the file name or path it came from, used for defaults and in
     * messages.
     */
    public static ConfigFile parse(String name, String text) {
        List<Section> sections = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        List<ConfigProblem> errors = new ArrayList<>();
        String section = null;
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = stripComment(lines[i]).trim();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3 || line.substring(1, line.length() - 1).isBlank()) {
                    errors.add(new ConfigProblem(lineNo, line, "malformed section header, expected '[name]'"));
                    section = null; // keys below belong to no known section; report them rather than misfile
                    continue;
                }
                section = line.substring(1, line.length() - 1).trim();
                sections.add(new Section(section, lineNo));
                continue;
            }
            if (section == null) {
                errors.add(new ConfigProblem(lineNo, line, "line outside any [section]"));
                continue;
            }
            String separator = PROXY_SECTION.equals(section) ? "->" : "=";
            int at = line.indexOf(separator);
            String key = at < 0 ? "" : line.substring(0, at).trim();
            if (at < 0 || key.isEmpty()) {
                String expected = PROXY_SECTION.equals(section) ? "'prefix -> target'" : "'key = value'";
                errors.add(new ConfigProblem(lineNo, "[" + section + "] " + line,
                        "malformed line, expected " + expected));
                continue;
            }
            entries.add(new Entry(section, key, line.substring(at + separator.length()).trim(), lineNo));
        }
        return new ConfigFile(name, sections, entries, errors);
    }

    /** Cuts the line at its first {@code #}; {@code \#} is a literal {@code #} (IRC channels: {@code \#help}). */
    private static String stripComment(String line) {
        if (line.indexOf('#') < 0) {
            return line;
        }
        StringBuilder kept = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '#') {
                kept.append('#');
                i++;
            } else if (c == '#') {
                break;
            } else {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    /** The name or path given to {@link #parse} or {@link #read}. */
    public String name() {
        return name;
    }

    /** The last path element of {@link #name()}, e.g. {@code orbit.cfg}. */
    public String fileName() {
        return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    }

    /** Every section header in file order. */
    public List<Section> sections() {
        return sections;
    }

    /** Every entry in file order. */
    public List<Entry> entries() {
        return entries;
    }

    /** Lines that could not be parsed; a file with any is invalid. */
    public List<ConfigProblem> syntaxErrors() {
        return syntaxErrors;
    }
}
