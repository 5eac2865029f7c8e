package com.intellipost.migrator.script;

import com.intellipost.migrator.script.ScriptParser.SectionAnalysis;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The load-time analysis of a section held in memory as UTF-8 bytes, without building each statement's text: it
 * walks the bytes once, tracking quotes, dollar quotes, comments, parentheses and {@code BEGIN ATOMIC} bodies exactly
 * as {@link SqlSplitter} does, counts the statements, and decodes a statement only when its first word is one that
 * {@link AutocommitStatements} may recognise. Loading analyses every section of every script, and building the text
 * of every statement to throw it away was most of the cost of loading.
 *
 * <p>Anything uncommon makes it give up and return null, and the caller runs {@link SectionLexer} instead, which
 * gives the same answer the slow way and words the errors: a construct left open at the end, a carriage return,
 * a backslash at a statement's start (a psql meta-command), {@code COPY ... FROM STDIN}, and any {@code batch:} or
 * <code>${</code> (a batch directive or its placeholders). So the fast path never has to report a problem, and
 * what it does report is what {@link SectionLexer} would. {@code LeanSectionScannerTest} checks the two agree.
 *
 * <p>Non-ASCII bytes are identifier characters here, as every non-ASCII character is to the splitter; the bytes
 * must be valid UTF-8 (the loader checks that first).
 */
final class LeanSectionScanner {

    // Byte kinds, for the hot loop over unquoted text; everything else is 0, a character that needs a look.
    private static final byte IDENT = 1;
    private static final byte DIGIT = 2;
    private static final byte DOLLAR = 3;
    private static final byte[] KIND = new byte[256];

    static {
        for (int b = 0x80; b < 256; b++) {
            KIND[b] = IDENT;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            KIND[c] = IDENT;
            KIND[Character.toUpperCase(c)] = IDENT;
        }
        KIND['_'] = IDENT;
        for (char c = '0'; c <= '9'; c++) {
            KIND[c] = DIGIT;
        }
        KIND['$'] = DOLLAR;
    }

    private final byte[] b;
    private final int end;
    private final String name;
    private final StatementShape shape = new StatementShape();
    private final ByteText words;
    private int p;
    private int line;

    private LeanSectionScanner(byte[] bytes, int from, int to, String name, int firstLine) {
        this.b = bytes;
        this.p = from;
        this.end = to;
        this.name = name;
        this.line = firstLine;
        this.words = new ByteText(bytes);
    }

    /**
     * The analysis of {@code bytes[from, to)}, whose first line is {@code firstLine} of the file named {@code name};
     * null when the section needs {@link SectionLexer} (see the class comment).
     */
    static SectionAnalysis analyse(byte[] bytes, int from, int to, String name, int firstLine) {
        if (needsTheLexer(bytes, from, to)) {
            return null;
        }
        return new LeanSectionScanner(bytes, from, to, name, firstLine).run();
    }

    /** A carriage return, <code>${</code> or {@code batch:} (any case) anywhere: rare, and left to the lexer. */
    private static boolean needsTheLexer(byte[] b, int from, int to) {
        int i = from;
        // Eight bytes at a time: only a block holding a '\r', '$' or ':' is looked at byte by byte.
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long v = (long) LONGS.get(b, i);
            if ((hasByte(v, CRS) | hasByte(v, DOLLARS) | hasByte(v, COLONS)) != 0
                    && needsTheLexer(b, from, i, i + Long.BYTES, to)) {
                return true;
            }
        }
        return needsTheLexer(b, from, i, to, to);
    }

    private static boolean needsTheLexer(byte[] b, int sectionStart, int from, int to, int sectionEnd) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '\r' || (c == '$' && i + 1 < sectionEnd && b[i + 1] == '{')) {
                return true;
            }
            if (c == ':' && i >= sectionStart + 5 && (b[i - 5] | 0x20) == 'b' && (b[i - 4] | 0x20) == 'a'
                    && (b[i - 3] | 0x20) == 't' && (b[i - 2] | 0x20) == 'c' && (b[i - 1] | 0x20) == 'h') {
                return true;
            }
        }
        return false;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final long ONES = 0x0101010101010101L;
    private static final long CRS = ONES * '\r';
    private static final long DOLLARS = ONES * '$';
    private static final long COLONS = ONES * ':';

    /** Non-zero when a byte of {@code v} equals the byte repeated in {@code pattern} (may also flag its neighbour). */
    private static long hasByte(long v, long pattern) {
        long x = v ^ pattern;
        return (x - ONES) & ~x & (ONES << 7);
    }

    private SectionAnalysis run() {
        // The splitter skips a byte order mark at the start of its input.
        if (end - p >= 3 && b[p] == (byte) 0xEF && b[p + 1] == (byte) 0xBB && b[p + 2] == (byte) 0xBF) {
            p += 3;
        }
        int count = 0;
        String reason = null;
        while (true) {
            int outcome = statement();
            if (outcome == GIVE_UP) {
                return null;
            }
            if (outcome == NONE) {
                return new SectionAnalysis(count, Optional.ofNullable(reason));
            }
            count++;
            if (reason == null) {
                reason = autocommitReason();
            }
            if (outcome == LAST) {
                return new SectionAnalysis(count, Optional.ofNullable(reason));
            }
        }
    }

    // Outcomes of statement().
    private static final int NONE = 0;
    private static final int FOUND = 1;
    private static final int LAST = 2;
    private static final int GIVE_UP = 3;

    // The statement just found: where its first token starts, on which line, and where it ends (before its ';').
    private int stmtStart;
    private int stmtLine;
    private int stmtEnd;

    /** Reads one statement, skipping empty ones; its bounds are left in the fields above. */
    private int statement() {
        boolean started = false;
        int wordStart = -1;
        int parens = 0;
        shape.reset();
        while (p < end) {
            int c = b[p] & 0xFF;
            int kind = KIND[c];
            if (kind == IDENT || (wordStart >= 0 && (kind == DIGIT || kind == DOLLAR))) {
                if (wordStart < 0) {
                    if (!started) {
                        started = true;
                        stmtStart = p;
                        stmtLine = line;
                    }
                    wordStart = p;
                }
                p++;
                continue;
            }
            if (c == '\'') {
                boolean escape = wordStart >= 0 && p - wordStart == 1 && (b[wordStart] | 0x20) == 'e';
                if (!escape) {
                    endWord(wordStart);
                }
                wordStart = -1;
                if (!started) {
                    started = true;
                    stmtStart = p;
                    stmtLine = line;
                }
                p++;
                if (!(escape ? escapeQuoted() : quoted('\''))) {
                    return GIVE_UP;
                }
                continue;
            }
            if (c == '\\' && !started) {
                return GIVE_UP; // a psql meta-command or pg_dump's \restrict line: the lexer words or skips it
            }
            endWord(wordStart);
            wordStart = -1;
            switch (c) {
                case '\n' -> {
                    p++;
                    line++;
                    continue;
                }
                case ' ', '\t', '\f', '\u000B' -> {
                    p++;
                    continue;
                }
                case '"' -> {
                    if (!started) {
                        started = true;
                        stmtStart = p;
                        stmtLine = line;
                    }
                    p++;
                    if (!quoted('"')) {
                        return GIVE_UP;
                    }
                    continue;
                }
                case '$' -> {
                    if (!started) {
                        started = true;
                        stmtStart = p;
                        stmtLine = line;
                    }
                    int tag = dollar();
                    if (tag == GIVE_UP) {
                        return GIVE_UP;
                    }
                    if (tag >= 0) {
                        wordStart = tag; // "$abc" without a closing '$': the word abc
                    }
                    continue;
                }
                case '-' -> {
                    if (p + 1 < end && b[p + 1] == '-') {
                        p += 2;
                        while (p < end && b[p] != '\n') {
                            p++;
                        }
                        continue;
                    }
                }
                case '/' -> {
                    if (p + 1 < end && b[p + 1] == '*') {
                        p += 2;
                        if (!blockComment()) {
                            return GIVE_UP;
                        }
                        continue;
                    }
                }
                case '(' -> parens++;
                case ')' -> {
                    if (parens > 0) {
                        parens--;
                    }
                }
                case ';' -> {
                    if (parens == 0 && !shape.insideAtomicBody()) {
                        if (started) {
                            stmtEnd = p;
                            p++;
                            return shape.copyFromStdin() ? GIVE_UP : FOUND;
                        }
                        p++; // a lone ';'
                        shape.reset();
                        continue;
                    }
                }
                default -> {
                    // an ordinary character
                }
            }
            if (!started) {
                started = true;
                stmtStart = p;
                stmtLine = line;
            }
            p++;
        }
        endWord(wordStart);
        if (!started) {
            return NONE;
        }
        stmtEnd = end;
        return shape.copyFromStdin() ? GIVE_UP : LAST;
    }

    private void endWord(int wordStart) {
        if (wordStart >= 0 && shape.wantsWords()) {
            shape.word(words, wordStart, p);
        }
    }

    /** After an opening quote: true once it is closed (a doubled quote is an escaped one), false at the end. */
    private boolean quoted(char quote) {
        while (p < end) {
            byte c = b[p++];
            if (c == quote) {
                if (p < end && b[p] == quote) {
                    p++;
                } else {
                    return true;
                }
            } else if (c == '\n') {
                line++;
            }
        }
        return false;
    }

    /** After E': a backslash escapes the next character, a line break included. */
    private boolean escapeQuoted() {
        while (p < end) {
            byte c = b[p++];
            if (c == '\\') {
                if (p < end && b[p++] == '\n') {
                    line++;
                }
            } else if (c == '\'') {
                if (p < end && b[p] == '\'') {
                    p++;
                } else {
                    return true;
                }
            } else if (c == '\n') {
                line++;
            }
        }
        return false;
    }

    /** After the opening slash-star: nested comments, closed or not by the end. */
    private boolean blockComment() {
        int depth = 1;
        while (p < end) {
            byte c = b[p];
            if (c == '\n') {
                line++;
                p++;
            } else if (c == '*' && p + 1 < end && b[p + 1] == '/') {
                p += 2;
                if (--depth == 0) {
                    return true;
                }
            } else if (c == '/' && p + 1 < end && b[p + 1] == '*') {
                p += 2;
                depth++;
            } else {
                p++;
            }
        }
        return false;
    }

    /**
     * At a '$' outside quotes: skips a dollar-quoted string ({@code $tag$...$tag$}) and returns -1, or returns where
     * the word starts when it was {@code $abc} with no closing '$' (-1 for a lone '$' or a parameter such as
     * {@code $1}), or {@link #GIVE_UP} for a dollar quote left open.
     */
    private int dollar() {
        int open = p;
        p++;
        while (p < end && (isIdentStart(b[p]) || (p > open + 1 && b[p] >= '0' && b[p] <= '9'))) {
            p++;
        }
        if (p == end) {
            return -1; // "$abc" at the very end: complete, and no word, as in the splitter
        }
        if (b[p] != '$') {
            return p > open + 1 ? open + 1 : -1;
        }
        p++;
        int length = p - open;
        for (int i = p; i + length <= end; i++) {
            if (b[i] == '$' && regionMatches(i, open, length)) {
                countLines(p, i);
                p = i + length;
                return -1;
            }
        }
        return GIVE_UP;
    }

    private boolean regionMatches(int at, int delimiter, int length) {
        for (int i = 0; i < length; i++) {
            if (b[at + i] != b[delimiter + i]) {
                return false;
            }
        }
        return true;
    }

    private void countLines(int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                line++;
            }
        }
    }

    /** Decodes the statement only when its first word is one {@link AutocommitStatements} may answer for. */
    private String autocommitReason() {
        int wordEnd = stmtStart;
        while (wordEnd < stmtEnd && isLetter(b[wordEnd])) {
            wordEnd++;
        }
        if (wordEnd < stmtEnd && (KIND[b[wordEnd] & 0xFF] == IDENT || KIND[b[wordEnd] & 0xFF] == DIGIT
                || b[wordEnd] == '$')) {
            return null; // a longer word, or a non-ASCII one, which is none of the keywords
        }
        if (!isAutocommitFirstWord(stmtStart, wordEnd) || plainCreateOrDrop(wordEnd)) {
            return null;
        }
        int to = stmtEnd;
        while (to > stmtStart && isSpace(b[to - 1])) {
            to--;
        }
        String label = AutocommitStatements.describe(new String(b, stmtStart, to - stmtStart, StandardCharsets.UTF_8));
        return label == null ? null : label + " at " + name + ":" + stmtLine;
    }

    /**
     * CREATE or DROP followed, after plain spaces, by a whole ASCII word that none of {@link AutocommitStatements}'
     * CREATE and DROP cases start with (CREATE TABLE, the common case), or by [UNIQUE] INDEX and a word other than
     * CONCURRENTLY: nothing to decode. Anything else, a comment between the words included, is left to
     * {@link AutocommitStatements#describe}.
     */
    private boolean plainCreateOrDrop(int firstWordEnd) {
        boolean create = StatementShape.is(words, stmtStart, firstWordEnd, "create");
        if (!create && !StatementShape.is(words, stmtStart, firstWordEnd, "drop")) {
            return false;
        }
        long second = plainWordAfter(firstWordEnd);
        if (second < 0) {
            return false;
        }
        if (create && isWord(second, "unique")) {
            second = plainWordAfter((int) second);
            if (second < 0) {
                return false;
            }
        }
        if (isWord(second, "index")) {
            long third = plainWordAfter((int) second);
            return third >= 0 && !isWord(third, "concurrently");
        }
        for (String keyword : AutocommitStatements.CREATE_DROP_OBJECTS) {
            if (isWord(second, keyword)) {
                return false;
            }
        }
        return true;
    }


    /**
     * The word after {@code from} when only spaces, tabs and line breaks come between and it is whole ASCII letters
     * (not a literal's prefix): its start in the high half and its end in the low half; -1 otherwise.
     */
    private long plainWordAfter(int from) {
        while (from < stmtEnd && (b[from] == ' ' || b[from] == '\t' || b[from] == '\n')) {
            from++;
        }
        int to = from;
        while (to < stmtEnd && isLetter(b[to])) {
            to++;
        }
        if (to == from || (to < stmtEnd && (KIND[b[to] & 0xFF] != 0 || b[to] == '\''))) {
            return -1;
        }
        return ((long) from << 32) | to;
    }

    private boolean isWord(long word, String keyword) {
        return StatementShape.is(words, (int) (word >>> 32), (int) word, keyword);
    }

    private boolean isAutocommitFirstWord(int from, int to) {
        for (String keyword : AutocommitStatements.FIRST_WORDS) {
            if (StatementShape.is(words, from, to, keyword)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLetter(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isIdentStart(byte c) {
        return isLetter(c) || c == '_' || c < 0;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    /** The bytes as characters, for {@link StatementShape}'s keyword matching: non-ASCII bytes never match one. */
    private record ByteText(byte[] bytes) implements CharSequence {
        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public char charAt(int index) {
            return (char) (bytes[index] & 0xFF);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
