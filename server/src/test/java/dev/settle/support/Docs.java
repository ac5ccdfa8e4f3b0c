package dev.settle.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The project's markdown docs, read by the tests that keep their tables and rules true. A test
 * reads {@code docs/<name>.md} from the repository, or the file the system property
 * {@code settle.docs.<name>} names, so an edited copy can show that the test notices a wrong row:
 * {@code ./mvnw -pl server test -Dtest=PaymentsDocsTableTests -Dsettle.docs.payments=/tmp/payments.md}.
 */
public final class Docs {

    private static final Pattern HEADING = Pattern.compile("^(#+)\\s+(.*)$");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

    private Docs() {
    }

    /** {@code docs/<name>.md}, or the file named by {@code -Dsettle.docs.<name>}. */
    public static Markdown read(String name) {
        String override = System.getProperty("settle.docs." + name);
        Path path = override != null ? Path.of(override) : Path.of("../docs", name + ".md");
        try {
            return new Markdown(path, 1, Files.readAllLines(path));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path.toAbsolutePath().normalize(), e);
        }
    }

    /** Every markdown file under {@code docs/}. */
    public static List<Markdown> all() {
        try (var files = Files.list(Path.of("../docs"))) {
            return files.filter(file -> file.toString().endsWith(".md")).sorted()
                    .map(file -> read(file.getFileName().toString().replaceFirst("\\.md$", ""))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text inside each pair of backticks, in order. */
    public static List<String> backticked(String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = BACKTICKED.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    /** Lines of a markdown file (or of one of its sections), numbered as in the file. */
    public record Markdown(Path path, int firstLine, List<String> lines) {

        /** Where line {@code index} of this part sits in the file, for failure messages. */
        public String at(int index) {
            return path.getFileName() + ":" + (firstLine + index);
        }

        /** The lines under the heading named {@code title}, up to the next heading of its level or above. */
        public Markdown section(String title) {
            for (int i = 0; i < lines.size(); i++) {
                Matcher heading = HEADING.matcher(lines.get(i));
                if (heading.matches() && heading.group(2).trim().equals(title)) {
                    int level = heading.group(1).length();
                    int end = i + 1;
                    while (end < lines.size()) {
                        Matcher next = HEADING.matcher(lines.get(end));
                        if (next.matches() && next.group(1).length() <= level) {
                            break;
                        }
                        end++;
                    }
                    return new Markdown(path, firstLine + i, lines.subList(i, end));
                }
            }
            throw new AssertionError(path + " has no heading '" + title + "'");
        }

        /** The text as one string, lines joined by single spaces (a sentence may wrap). */
        public String prose() {
            return String.join(" ", lines).replaceAll("\\s+", " ");
        }

        /** Every table, in order. */
        public List<Table> tables() {
            List<Table> tables = new ArrayList<>();
            int i = 0;
            while (i < lines.size()) {
                if (isRow(lines.get(i)) && i + 1 < lines.size() && lines.get(i + 1).trim().matches("\\|?(\\s*:?-+:?\\s*\\|)+\\s*:?-*:?\\s*")) {
                    List<String> header = cells(lines.get(i)).stream().map(cell -> cell.toLowerCase(Locale.ROOT)).toList();
                    List<Row> rows = new ArrayList<>();
                    int j = i + 2;
                    while (j < lines.size() && isRow(lines.get(j))) {
                        List<String> cells = cells(lines.get(j));
                        if (cells.size() != header.size()) {
                            throw new AssertionError(at(j) + ": " + cells.size() + " cells where the header has " + header.size());
                        }
                        rows.add(new Row(at(j), header, cells));
                        j++;
                    }
                    tables.add(new Table(at(i), header, rows));
                    i = j;
                } else {
                    i++;
                }
            }
            return tables;
        }

        /** The one table with exactly these column headings (case-insensitive). */
        public Table table(String... columns) {
            List<String> wanted = List.of(columns).stream().map(column -> column.toLowerCase(Locale.ROOT)).toList();
            List<Table> matching = tables().stream().filter(table -> table.header().equals(wanted)).toList();
            if (matching.size() != 1) {
                throw new AssertionError(path + (firstLine > 1 ? " from line " + firstLine : "") + " has " + matching.size()
                        + " tables headed " + wanted + ", expected exactly one");
            }
            return matching.getFirst();
        }

        private static boolean isRow(String line) {
            return line.trim().startsWith("|");
        }

        /** A row's cells, split on pipes outside backticks ({@code `a|b`} stays one cell). */
        private static List<String> cells(String line) {
            String row = line.trim();
            row = row.substring(1, row.endsWith("|") && row.length() > 1 ? row.length() - 1 : row.length());
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean code = false;
            for (char c : row.toCharArray()) {
                if (c == '`') {
                    code = !code;
                }
                if (c == '|' && !code) {
                    cells.add(cell.toString().trim());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            cells.add(cell.toString().trim());
            return cells;
        }
    }

    /** A table: where it starts, its lower-cased column headings and its rows. */
    public record Table(String at, List<String> header, List<Row> rows) {

        public boolean hasColumns(String... columns) {
            return List.of(columns).stream().allMatch(header::contains);
        }
    }

    /** One row; {@code at} is file:line. */
    public record Row(String at, List<String> header, List<String> cells) {

        public String cell(String column) {
            int index = IntStream.range(0, header.size()).filter(i -> header.get(i).equals(column)).findFirst()
                    .orElseThrow(() -> new AssertionError(at + ": no column '" + column + "' in " + header));
            return cells.get(index);
        }

        @Override
        public String toString() {
            return at + " | " + String.join(" | ", cells) + " |";
        }
    }
}
