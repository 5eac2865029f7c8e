package com.intellipost.migrator.script;

import com.intellipost.migrator.config.ConfigurationException;
import com.intellipost.migrator.config.Durations;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one script in a single streaming pass: parses the header, computes the checksum over the header and up
 * section, checks the section markers, and lexes both sections so that an unterminated quote is found before
 * anything runs.
 */
public final class ScriptParser {

    /** Files up to this size are read in one call; larger ones are streamed. */
    private static final long SMALL_FILE_BYTES = 1 << 20;

    private static final String LINT_DISABLE = "lint:disable";
    private static final Pattern RULE_SEPARATOR = Pattern.compile("[,\\s]+");
    private static final MessageDigest SHA_256 = sha256Instance();
    private static final SectionAnalysis NO_SECTION = new SectionAnalysis(0, Optional.empty());

    private ScriptParser() {
    }

    /**
     * Parses {@code source}: header, checksum, section markers, and the SQL of both sections lexed (statement count,
     * whether a section needs autocommit), so that every problem is known before the database is touched. The SQL
     * is not kept. Throws {@link ScriptLoadException} naming the file and line of every problem.
     */
    public static Script parse(ScriptSource source) {
        String name = source.name();
        List<String> problems = new ArrayList<>();
        UpSectionScan scan = new UpSectionScan(new HeaderCollector(name, problems), new MarkerCheck(name, problems));
        SectionAnalysis[] sections;
        try {
            byte[] small = source.path() == null ? null : readIfSmall(source.path());
            sections = small != null ? readSmall(small, scan, name, problems) : readStreamed(source, scan, problems);
        } catch (IOException e) {
            throw unreadable(source, e);
        }
        HeaderCollector header = scan.header;
        header.requireComplete();
        if (!problems.isEmpty()) {
            throw new ScriptLoadException(problems);
        }
        return new Script(header.revision, header.downRevisions, header.message, source,
                HexFormat.of().formatHex(scan.digest.digest()), header.transactional, header.lockTimeout,
                scan.downLine > 0, scan.downLine, Set.copyOf(header.disabledRules),
                new Script.HeaderLines(header.revisionLine, header.downRevisionLine,
                        header.lintDisableLine), sections[0], sections[1]);
    }

    /** The file's bytes when it is at most {@link #SMALL_FILE_BYTES}, with a single open; otherwise null. */
    private static byte[] readIfSmall(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            if (size > SMALL_FILE_BYTES) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until full: size came from the same open file
            }
            return buffer.array();
        }
    }

    /**
     * A small file, in memory: splits the UTF-8 bytes into lines exactly as {@link BufferedReader#readLine()} does
     * (LF, CR or CRLF), after a byte order mark; line breaks are ASCII, so finding them needs no decoding, and the
     * checksum is taken over the bytes. The bytes must be UTF-8. Then each section is scanned as bytes
     * ({@link LeanSectionScanner}), or decoded and lexed when it has anything uncommon.
     */
    private static SectionAnalysis[] readSmall(byte[] bytes, UpSectionScan scan, String name, List<String> problems) {
        int malformed = Utf8Check.malformedLine(bytes);
        if (malformed > 0) {
            throw new ScriptLoadException(Utf8Check.message(name, malformed));
        }
        int n = bytes.length;
        int bom = n >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
        int upEnd = n;
        int downStart = n;
        boolean inUp = true;
        int start = bom;
        while (start < n) {
            int end = start;
            byte b = 0;
            while (end < n && (b = bytes[end]) != '\n' && b != '\r') {
                end++;
            }
            int next = Math.min(n, end + (b == '\r' && end + 1 < n && bytes[end + 1] == '\n' ? 2 : 1));
            if (inUp) {
                if (!scan.accept(bytes, start, end)) {
                    inUp = false;
                    upEnd = start;
                    downStart = next;
                }
            } else {
                scan.acceptDown(bytes, start, end);
            }
            start = next;
        }
        SectionAnalysis up = analyse(bytes, bom, upEnd, name, 1, problems);
        SectionAnalysis down = inUp ? NO_SECTION : analyse(bytes, downStart, n, name, scan.downLine + 1, problems);
        return new SectionAnalysis[] {up, down};
    }

    /** {@code bytes[from, to)}: the lean scan, or the lexer when the section has anything the scan leaves to it. */
    private static SectionAnalysis analyse(byte[] bytes, int from, int to, String name, int firstLine,
                                           List<String> problems) {
        SectionAnalysis lean = LeanSectionScanner.analyse(bytes, from, to, name, firstLine);
        return lean != null ? lean : SectionLexer.analyse(new String(bytes, from, to - from, StandardCharsets.UTF_8),
                name, firstLine, problems);
    }

    /**
     * A large file or a classpath resource, streamed once: the up section's lines feed the header and checksum as
     * the lexer reads them, then the down section's lines are checked for markers as it reads on.
     */
    private static SectionAnalysis[] readStreamed(ScriptSource source, UpSectionScan scan, List<String> problems)
            throws IOException {
        String name = source.name();
        try (BufferedReader in = source.open()) {
            SectionReader upLines = new SectionReader(in, 0, (number, line) -> scan.accept(line));
            // Not closed: that would close the file, whose down section comes next.
            SectionAnalysis up = lexStreamed(new SqlSplitter(upLines, name, 1), upLines, name, problems);
            if (scan.downLine == 0) {
                return new SectionAnalysis[] {up, NO_SECTION};
            }
            SectionReader downLines = new SectionReader(in, scan.downLine, (number, line) -> {
                scan.markers.downLine(number, line);
                return true;
            });
            return new SectionAnalysis[] {up, lexStreamed(new SqlSplitter(downLines, name, scan.downLine + 1),
                    downLines, name, problems)};
        }
    }

    // After a syntax error the rest of the section is still read, so that its lines reach the checks.
    private static SectionAnalysis lexStreamed(SqlSplitter splitter, SectionReader lines, String name,
                                               List<String> problems) throws IOException {
        try {
            return SectionLexer.analyse(splitter, name);
        } catch (SqlSyntaxException e) {
            problems.add(e.getMessage());
            char[] rest = new char[CharSource.MIN_BUFFER_SIZE];
            while (lines.read(rest, 0, rest.length) >= 0) {
                // discard
            }
            return null;
        }
    }

    /** Feeds the header, the checksum and the marker checks with each line up to the {@code -- migrate:down} marker. */
    private static final class UpSectionScan {
        final HeaderCollector header;
        final MarkerCheck markers;
        final MessageDigest digest = sha256();
        int lines;
        int downLine;

        UpSectionScan(HeaderCollector header, MarkerCheck markers) {
            this.header = header;
            this.markers = markers;
        }

        /** A line without its byte order mark. False once the down marker is reached: the rest is not checksummed. */
        boolean accept(String line) {
            lines++;
            if (ScriptMarkers.isDownMarker(line)) {
                downLine = lines;
                markers.downMarker(lines);
                return false;
            }
            markers.upLine(lines, line);
            header.accept(line);
            digest.update(line.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            return true;
        }

        /** The same for the bytes {@code from} to {@code to}: only comment lines and the header are decoded. */
        boolean accept(byte[] bytes, int from, int to) {
            lines++;
            boolean comment = isComment(bytes, from, to);
            if (comment || header.inHeader()) {
                String line = new String(bytes, from, to - from, StandardCharsets.UTF_8);
                if (comment && ScriptMarkers.isDownMarker(line)) {
                    downLine = lines;
                    markers.downMarker(lines);
                    return false;
                }
                if (comment) {
                    markers.upLine(lines, line);
                }
                header.accept(line);
            }
            digest.update(bytes, from, to - from);
            digest.update((byte) '\n');
            return true;
        }

        /** A line of the down section, as bytes: only comment lines are decoded, for the marker checks. */
        void acceptDown(byte[] bytes, int from, int to) {
            lines++;
            if (isComment(bytes, from, to)) {
                markers.downLine(lines, new String(bytes, from, to - from, StandardCharsets.UTF_8));
            }
        }

        /** Whether the line is a {@code --} comment, indented or not: only those can be (or look like) markers. */
        private static boolean isComment(byte[] bytes, int from, int to) {
            int i = from;
            while (i < to && (bytes[i] == ' ' || bytes[i] == '\t')) {
                i++;
            }
            return to - i >= 2 && bytes[i] == '-' && bytes[i + 1] == '-';
        }
    }

    /** The up section's analysis: from loading, or lexed now for a script that was not loaded by {@link #parse}. */
    public static SectionAnalysis analyseUp(Script script) {
        return script.upSection() != null ? script.upSection() : analyse(script, true);
    }

    /** The down section's analysis (empty when there is none). */
    public static SectionAnalysis analyseDown(Script script) {
        if (!script.hasDown()) {
            return NO_SECTION;
        }
        return script.downSection() != null ? script.downSection() : analyse(script, false);
    }

    private static SectionAnalysis analyse(Script script, boolean up) {
        String name = script.source().name();
        try (SqlSplitter splitter = up ? openUp(script) : openDown(script)) {
            return SectionLexer.analyse(splitter, name);
        } catch (SqlSyntaxException e) {
            throw new ScriptLoadException(e.getMessage());
        } catch (IOException e) {
            throw unreadable(script.source(), e);
        }
    }

    /** The load error for a script that could not be read; one that is not UTF-8 is told so, with its line. */
    private static ScriptLoadException unreadable(ScriptSource source, IOException e) {
        if (e instanceof CharacterCodingException) {
            int line = 0;
            try {
                Optional<InputStream> bytes = source.openBytes();
                if (bytes.isPresent()) {
                    try (InputStream in = bytes.get()) {
                        line = Utf8Check.malformedLine(in);
                    }
                }
            } catch (IOException again) {
                // the line stays unknown
            }
            return new ScriptLoadException(Utf8Check.message(source.name(), line));
        }
        return new ScriptLoadException(source.name() + ": cannot be read: " + e.getMessage());
    }

    /** Opens the up section for execution. */
    public static SqlSplitter openUp(Script script) throws IOException {
        return new SqlSplitter(new SectionReader(script.source().open(), 0, SectionReader.UP_SECTION),
                script.source().name(), 1);
    }

    /** Opens the down section for execution; the script must have one. */
    public static SqlSplitter openDown(Script script) throws IOException {
        BufferedReader in = script.source().open();
        try {
            for (int i = 0; i < script.downLine(); i++) {
                if (in.readLine() == null) {
                    throw new IOException(script.source().name() + " changed while running: its down section is gone");
                }
            }
            return new SqlSplitter(new SectionReader(in, script.downLine(), SectionReader.TO_THE_END),
                    script.source().name(), script.downLine() + 1);
        } catch (IOException | RuntimeException e) {
            in.close(); // on every failure path, not only the one above
            throw e;
        }
    }

    /** A fresh SHA-256: a clone of one instance, which skips the provider lookup of {@code getInstance}. */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return sha256Instance();
        }
    }

    private static MessageDigest sha256Instance() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }

    /** What lexing a section found: how many statements, and why it must run in autocommit, if it must. */
    public record SectionAnalysis(int statements, Optional<String> autocommitReason) {
    }

    /** Collects header entries from the leading comment lines; stops at the first line of SQL. */
    private static final class HeaderCollector {
        private final String file;
        private final List<String> problems;
        private final Set<String> seenKeys = new LinkedHashSet<>();
        private final Set<String> disabledRules = new LinkedHashSet<>();
        private int lintDisableLine;
        private boolean inHeader = true;
        private int line;
        String revision;
        int revisionLine;
        List<String> downRevisions = List.of();
        int downRevisionLine;
        String message = "";
        boolean transactional = true;
        Optional<Duration> lockTimeout = Optional.empty();

        HeaderCollector(String file, List<String> problems) {
            this.file = file;
            this.problems = problems;
        }

        boolean inHeader() {
            return inHeader;
        }

        void accept(String text) {
            line++;
            if (!inHeader) {
                return;
            }
            String trimmed = text.strip();
            if (trimmed.isEmpty()) {
                return;
            }
            if (!trimmed.startsWith("--") || ScriptMarkers.isUpMarker(trimmed)) {
                inHeader = false;
                return;
            }
            String body = ScriptMarkers.commentBody(trimmed);
            if (body.startsWith(LINT_DISABLE) && body.length() > LINT_DISABLE.length()
                    && ScriptMarkers.isSpace(body.charAt(LINT_DISABLE.length()))) {
                String ids = body.substring(LINT_DISABLE.length());
                int reason = ids.indexOf("--"); // -- lint:disable ban-drop-table -- the table was never used
                disabledRules.addAll(Arrays.asList(RULE_SEPARATOR.split(
                        (reason < 0 ? ids : ids.substring(0, reason)).strip())));
                lintDisableLine = line;
                return;
            }
            String key = ScriptMarkers.headerKey(body);
            if (key != null) {
                entry(key, ScriptMarkers.headerValue(body));
            }
        }

        private void entry(String key, String value) {
            switch (key) {
                case "revision", "down_revision", "message", "transactional", "lock_timeout" -> {
                    if (!seenKeys.add(key)) {
                        problems.add(file + ":" + line + ": '" + key + "' appears twice in the header; keep one");
                        return;
                    }
                }
                default -> {
                    return; // an ordinary comment that happens to contain a colon
                }
            }
            switch (key) {
                case "revision" -> {
                    revisionLine = line;
                    if (!ScriptMarkers.isRevisionId(value)) {
                        problems.add(file + ":" + line + ": revision '" + value + "' is not a valid id; use 1 to 64"
                                + " letters, digits or underscores");
                    }
                    revision = value;
                }
                case "down_revision" -> {
                    downRevisionLine = line;
                    downRevisions = parseParents(value);
                }
                case "message" -> message = value;
                case "transactional" -> {
                    switch (value.toLowerCase(Locale.ROOT)) {
                        case "true" -> transactional = true;
                        case "false" -> transactional = false;
                        default -> problems.add(file + ":" + line + ": transactional: '" + value
                                + "' must be true or false");
                    }
                }
                default -> {
                    try {
                        lockTimeout = Optional.of(Durations.parse(value, "lock_timeout"));
                    } catch (ConfigurationException e) {
                        problems.add(file + ":" + line + ": " + e.getMessage());
                    }
                }
            }
        }

        private List<String> parseParents(String value) {
            String v = value.trim();
            if (v.isEmpty() || v.equalsIgnoreCase("none") || v.equalsIgnoreCase("null")) {
                return List.of();
            }
            List<String> parents = new ArrayList<>();
            StringBuilder unbracketed = new StringBuilder(v.length());
            for (int i = 0; i < v.length(); i++) {
                if ("()[]'\"".indexOf(v.charAt(i)) < 0) { // Alembic writes ('a', 'b') for a merge
                    unbracketed.append(v.charAt(i));
                }
            }
            for (String part : unbracketed.toString().split(",")) {
                String id = part.trim();
                if (!ScriptMarkers.isRevisionId(id)) {
                    problems.add(file + ":" + line + ": down_revision '" + value + "' is malformed; write one"
                            + " revision id, a comma-separated list for a merge, or none for a root");
                    return List.of();
                }
                if (parents.contains(id)) {
                    problems.add(file + ":" + line + ": down_revision names " + id + " twice");
                } else {
                    parents.add(id);
                }
            }
            return List.copyOf(parents);
        }

        void requireComplete() {
            if (revision == null && revisionLine == 0) {
                problems.add(0, file + ":1: no '-- revision: <id>' line in the header; the header is the leading"
                        + " comment block, e.g. '-- revision: 4f1c2a9e7b3d' then '-- down_revision: none'"
                        + " (mvn intellipost:new writes one)");
            } else if (downRevisionLine == 0) {
                // Without it the file would silently be one more root, reported much later as a second head.
                problems.add(file + ":" + revisionLine + ": no '-- down_revision:' line in the header; add"
                        + " '-- down_revision: <parent revision>' after this line, or '-- down_revision: none' if this"
                        + " is the first revision");
            }
        }
    }
}
