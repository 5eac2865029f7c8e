package com.intellipost.migrator.script;

import com.intellipost.migrator.config.ConfigurationException;
import com.intellipost.migrator.config.Durations;
import java.io.BufferedReader;
import java.io.IOException;
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
 * section, and lexes both sections so that an unterminated quote is found before anything runs.
 */
public final class ScriptParser {

    /** Revision ids: what {@code new} generates and what users may write. */

    /** Files up to this size are read in one call; larger ones are streamed. */
    private static final long SMALL_FILE_BYTES = 1 << 20;

    private static final String LINT_DISABLE = "lint:disable";
    private static final Pattern RULE_SEPARATOR = Pattern.compile("[,\\s]+");
    private static final MessageDigest SHA_256 = sha256Instance();

    private ScriptParser() {
    }

    /**
     * Parses {@code source} in one streaming pass: header and checksum. The SQL is not lexed here (that is
     * {@link #analyseUp}/{@link #analyseDown}, for the scripts about to run), so loading thousands of applied
     * revisions stays cheap. Throws {@link ScriptLoadException} naming the file and line of every problem.
     */
    public static Script parse(ScriptSource source) {
        UpSectionScan scan = new UpSectionScan(new HeaderCollector(source.name()));
        try {
            byte[] small = source.path() == null ? null : readIfSmall(source.path());
            if (small != null) {
                scanLines(small, scan); // one read; only comment lines are decoded
            } else {
                try (BufferedReader in = source.open()) {
                    for (String line = in.readLine(); line != null && scan.accept(line); line = in.readLine()) {
                        // accept() consumes the line
                    }
                }
            }
        } catch (IOException e) {
            throw new ScriptLoadException(source.name() + ": cannot be read: " + e.getMessage());
        }
        HeaderCollector header = scan.header;
        header.requireComplete();
        if (!header.problems.isEmpty()) {
            throw new ScriptLoadException(header.problems);
        }
        return new Script(header.revision, header.downRevisions, header.message, source,
                HexFormat.of().formatHex(scan.digest.digest()), header.transactional, header.lockTimeout,
                scan.downLine > 0, scan.downLine, Set.copyOf(header.disabledRules),
                new Script.HeaderLines(header.revisionLine, header.downRevisionLine));
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
     * Splits UTF-8 bytes into lines exactly as {@link BufferedReader#readLine()} does (LF, CR or CRLF), after a
     * byte order mark. Line breaks are ASCII, so no decoding is needed to find them.
     */
    private static void scanLines(byte[] bytes, UpSectionScan scan) {
        int n = bytes.length;
        int start = n >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
        while (start < n) {
            int end = start;
            byte b = 0;
            while (end < n && (b = bytes[end]) != '\n' && b != '\r') {
                end++;
            }
            if (!scan.accept(bytes, start, end)) {
                return;
            }
            start = end + (b == '\r' && end + 1 < n && bytes[end + 1] == '\n' ? 2 : 1);
        }
    }

    /** Feeds the header and the checksum with each line up to the {@code -- migrate:down} marker. */
    private static final class UpSectionScan {
        final HeaderCollector header;
        final MessageDigest digest = sha256();
        int lines;
        int downLine;

        UpSectionScan(HeaderCollector header) {
            this.header = header;
        }

        /** False once the down marker is reached: the rest is not part of the checksum. */
        boolean accept(String text) {
            lines++;
            String line = lines == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
            if (ScriptMarkers.isDownMarker(line)) {
                downLine = lines;
                return false;
            }
            header.accept(line);
            digest.update(line.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            return true;
        }

        /** The same for the bytes {@code from} to {@code to}: only comment lines and the header are decoded. */
        boolean accept(byte[] bytes, int from, int to) {
            boolean comment = to - from >= 2 && bytes[from] == '-' && bytes[from + 1] == '-';
            if (comment || header.inHeader()) {
                lines++;
                String line = new String(bytes, from, to - from, StandardCharsets.UTF_8);
                if (comment && ScriptMarkers.isDownMarker(line)) {
                    downLine = lines;
                    return false;
                }
                header.accept(line);
            } else {
                lines++;
            }
            digest.update(bytes, from, to - from);
            digest.update((byte) '\n');
            return true;
        }
    }

    /** Lexes the up section: statement count and the first statement that needs autocommit. */
    public static SectionAnalysis analyseUp(Script script) {
        return analyse(script, true);
    }

    /** Lexes the down section (empty when there is none). */
    public static SectionAnalysis analyseDown(Script script) {
        return script.hasDown() ? analyse(script, false) : new SectionAnalysis(0, Optional.empty());
    }

    private static SectionAnalysis analyse(Script script, boolean up) {
        String name = script.source().name();
        try (SqlSplitter splitter = up ? openUp(script) : openDown(script)) {
            int count = 0;
            Optional<String> reason = Optional.empty();
            for (SqlStatement s = splitter.next(); s != null; s = splitter.next()) {
                count++;
                if (reason.isEmpty() && AutocommitStatements.requiresAutocommit(s.sql())) {
                    reason = Optional.of(AutocommitStatements.describe(s.sql()) + " at " + name + ":" + s.line());
                }
            }
            return new SectionAnalysis(count, reason);
        } catch (SqlSyntaxException e) {
            throw new ScriptLoadException(e.getMessage());
        } catch (IOException e) {
            throw new ScriptLoadException(name + ": cannot be read: " + e.getMessage());
        }
    }

    /** Opens the up section for execution. */
    public static SqlSplitter openUp(Script script) throws IOException {
        return new SqlSplitter(new SectionReader(script.source().open(), 0, true), script.source().name(), 1);
    }

    /** Opens the down section for execution; the script must have one. */
    public static SqlSplitter openDown(Script script) throws IOException {
        BufferedReader in = script.source().open();
        for (int i = 0; i < script.downLine(); i++) {
            if (in.readLine() == null) {
                in.close();
                throw new IOException(script.source().name() + " changed while running: its down section is gone");
            }
        }
        return new SqlSplitter(new SectionReader(in, script.downLine(), false), script.source().name(),
                script.downLine() + 1);
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
        private final List<String> problems = new ArrayList<>();
        private final Set<String> seenKeys = new LinkedHashSet<>();
        private final Set<String> disabledRules = new LinkedHashSet<>();
        private boolean inHeader = true;
        private int line;
        String revision;
        int revisionLine;
        List<String> downRevisions = List.of();
        int downRevisionLine;
        String message = "";
        boolean transactional = true;
        Optional<Duration> lockTimeout = Optional.empty();

        HeaderCollector(String file) {
            this.file = file;
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
                disabledRules.addAll(Arrays.asList(RULE_SEPARATOR.split(body.substring(LINT_DISABLE.length()).strip())));
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
