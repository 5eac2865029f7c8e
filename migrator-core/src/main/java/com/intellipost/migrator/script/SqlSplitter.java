package com.intellipost.migrator.script;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import java.util.Objects;

/**
 * Cuts a SQL script into statements the way psql does, so a script behaves the same here as when
 * fed to {@code psql -f}: a semicolon ends a statement only outside quotes, quoted identifiers,
 * dollar quotes, comments (block comments nest), parentheses and {@code BEGIN ATOMIC ... END} routine
 * bodies. Inline {@code COPY ... FROM STDIN} data is handed out as a stream through {@link #copyData()}.
 *
 * <p>The splitter streams: it holds a fixed window of the input and the text of the current statement
 * only, so scripts and COPY data blocks of any size can be run. Line numbers are exact across all
 * constructs and COPY data, so every statement and error points at the right line of the file.
 *
 * <p>Differences from psql worth knowing: CRLF line breaks are normalised to LF everywhere, including
 * inside string literals, so a script behaves the same whatever line endings it was checked out with;
 * and text after a {@code COPY ... FROM STDIN;} on the same line (other than a {@code --} comment) is
 * rejected rather than run after the data. A leading byte order mark is skipped, and a psql
 * meta-command (a line starting with a backslash, such as pg_dump's restrict lines) is rejected with
 * its line rather than merged into the next statement.
 *
 * <p>Not thread-safe.
 */
public final class SqlSplitter implements Closeable {

    /** A statement buffer grown beyond this by a huge statement is dropped rather than kept for reuse. */
    private static final int MAX_RETAINED_CAPACITY = 1 << 20;
    /** Of the comments before a statement, the last this many characters are kept: directives come right before it. */
    private static final int MAX_LEADING_COMMENTS = 1 << 16;

    // Outcomes of normalChar.
    private static final int STAY = 0;
    private static final int LEFT = 1;
    private static final int TERMINATED = 2;

    // Character kinds for the hot path, for ASCII; every other character is IDENT.
    private static final byte ORDINARY = 0;
    private static final byte IDENT = 1;
    private static final byte DIGIT = 2;
    private static final byte DOLLAR = 3;
    /** May start a quote or comment, ends a line or may end the statement. */
    private static final byte SPECIAL = 4;
    private static final byte[] KIND = new byte[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            KIND[c] = IDENT;
            KIND[Character.toUpperCase(c)] = IDENT;
        }
        KIND['_'] = IDENT;
        for (char c = '0'; c <= '9'; c++) {
            KIND[c] = DIGIT;
        }
        KIND['$'] = DOLLAR;
        for (char c : "'\"-/;\n".toCharArray()) {
            KIND[c] = SPECIAL;
        }
    }

    private enum State {
        NORMAL, LINE_COMMENT, BLOCK_COMMENT, QUOTE, ESCAPE_QUOTE, IDENT_QUOTE, DOLLAR_TAG, DOLLAR
    }

    private final CharSource in;
    private final String sourceName;
    private final StatementShape shape = new StatementShape();
    private final StatementText text = new StatementText();
    /** The {@code --} comments before the statement's first token, for {@code -- lint:ignore}; bounded. */
    private final StringBuilder leadingComments = new StringBuilder();
    /** The line each line of {@link #leadingComments} starts on; empty once that was trimmed (the lines are lost). */
    private int[] leadingCommentLines = new int[8];
    private int leadingCommentCount;
    private boolean leadingCommentLinesLost;
    private CopyDataReader copy;
    private boolean closed;
    private boolean atInputStart = true;

    // Lexer state of the statement being read.
    private State state;
    /** False until the statement's first token: whitespace and comments before it are dropped. */
    private boolean started;
    private int startLine;
    /** Index in {@link #text} of the unquoted word being read, or -1. */
    private int wordStart;
    private int parenDepth;
    private int commentDepth;
    /** Line where the open quote or comment started, for error messages. */
    private int constructLine;
    /** Index in {@link #text} of the '$' that may open a dollar quote. */
    private int tagStart;
    private String dollarDelimiter;
    private int bodyStart;
    /** Inside an E'...' string, the previous character was a backslash. */
    private boolean escapeNext;

    /**
     * @param reader     the script text; closed by {@link #close()}
     * @param sourceName the script's name, used in error messages
     * @param firstLine  the file line number of the reader's first line (the reader may hold only a
     *                   section of the file)
     */
    public SqlSplitter(Reader reader, String sourceName, int firstLine) {
        this(reader, sourceName, firstLine, CharSource.BUFFER_SIZE);
    }

    /**
     * With a window of {@code bufferSize} characters: loading lexes thousands of small scripts, and a 64 K window
     * for each would cost more than the lexing.
     */
    SqlSplitter(Reader reader, String sourceName, int firstLine, int bufferSize) {
        if (firstLine < 1) {
            throw new IllegalArgumentException("firstLine must be >= 1: " + firstLine);
        }
        this.in = new CharSource(Objects.requireNonNull(reader, "reader"), firstLine, bufferSize);
        this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
    }

    /**
     * Reads the next statement. Empty statements (a lone {@code ;}, only comments) are skipped, and a
     * last statement without a terminating semicolon is returned too. Any COPY data the caller left
     * unread is skipped first.
     *
     * @return the next statement, or {@code null} at end of input
     * @throws SqlSyntaxException if a quote, dollar quote, comment or COPY data block is never closed
     */
    public SqlStatement next() throws IOException {
        if (closed) {
            throw new IllegalStateException("splitter for " + sourceName + " is closed");
        }
        if (copy != null) {
            CopyDataReader pending = copy;
            copy = null;
            pending.skipRest();
        }
        if (atInputStart) {
            atInputStart = false;
            skipByteOrderMark();
        }
        beginStatement();
        while (true) {
            if (in.pos == in.limit && in.ensure(1) == 0) {
                return endOfInput();
            }
            boolean terminated = switch (state) {
                case NORMAL -> normal();
                case LINE_COMMENT -> lineComment();
                case BLOCK_COMMENT -> blockComment();
                case QUOTE, IDENT_QUOTE -> quoted();
                case ESCAPE_QUOTE -> escapeQuoted();
                case DOLLAR_TAG -> dollarTag();
                case DOLLAR -> dollarBody();
            };
            if (terminated) {
                if (started) {
                    return finishStatement(true);
                }
                beginStatement(); // a lone ';'
            }
        }
    }

    /**
     * The inline data following the {@code COPY ... FROM STDIN} statement just returned by
     * {@link #next()}: the lines after the statement up to, not including, the {@code \.} line, each
     * ending in {@code '\n'}. It streams from the script, so it suits
     * {@code CopyManager.copyIn(sql, reader)} for data blocks of any size. Reading it is optional:
     * {@link #next()} skips whatever is left.
     *
     * @throws IllegalStateException if the last statement returned was not a COPY FROM STDIN
     */
    public Reader copyData() {
        if (copy == null) {
            throw new IllegalStateException(
                    "copyData() is only valid right after next() returned a COPY ... FROM STDIN statement");
        }
        return copy;
    }

    /**
     * The {@code --} comments between the statement {@link #next()} returned last and the one before it, one per
     * line, without their {@code --}: where {@code -- lint:ignore} is written.
     */
    public String leadingComments() {
        return leadingComments.toString();
    }

    /**
     * The line the {@code index}th line (from 0) of {@link #leadingComments()} is on in the file, or 0 when that is
     * not known (more than 64 KiB of comments came before the statement, and the first were dropped).
     */
    public int leadingCommentLine(int index) {
        return leadingCommentLinesLost || index < 0 || index >= leadingCommentCount ? 0 : leadingCommentLines[index];
    }

    /** Closes the underlying reader. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            copy = null;
            in.close();
        }
    }

    // Editors on Windows like to start UTF-8 files with one; it must not become part of the first keyword.
    private void skipByteOrderMark() throws IOException {
        if (in.ensure(1) > 0 && in.buf[in.pos] == '\uFEFF') {
            in.pos++;
        }
    }

    private void beginStatement() {
        text.clear(MAX_RETAINED_CAPACITY);
        leadingComments.setLength(0);
        leadingCommentCount = 0;
        leadingCommentLinesLost = false;
        shape.reset();
        state = State.NORMAL;
        started = false;
        wordStart = -1;
        parenDepth = 0;
        commentDepth = 0;
        escapeNext = false;
    }

    private SqlStatement finishStatement(boolean bySemicolon) throws IOException {
        int end = text.length();
        while (end > 0 && isSpace(text.charAt(end - 1))) {
            end--;
        }
        SqlStatement statement = new SqlStatement(text.substring(0, end), startLine, shape.copyFromStdin());
        if (statement.copyFromStdin()) {
            if (bySemicolon) {
                skipRestOfCopyLine();
            }
            copy = new CopyDataReader(in, sourceName, startLine);
        }
        return statement;
    }

    private SqlStatement endOfInput() throws IOException {
        switch (state) {
            case QUOTE -> throw unterminated("quoted string", "'");
            case ESCAPE_QUOTE -> throw unterminated("escape string (E'...')",
                    "' (in E'...' strings a backslash escapes the next character, so \\' does not close it)");
            case IDENT_QUOTE -> throw unterminated("quoted identifier", "\"");
            case DOLLAR -> throw unterminated("dollar-quoted string (" + dollarDelimiter + ")", dollarDelimiter);
            case BLOCK_COMMENT -> throw unterminated("block comment",
                    "*/" + (commentDepth > 1 ? " (" + commentDepth + " times: block comments nest)" : ""));
            default -> {
                // a '$' or a line comment at the very end is complete as it is
            }
        }
        endWord();
        return started ? finishStatement(false) : null;
    }

    private SqlSyntaxException unterminated(String construct, String closer) {
        return new SqlSyntaxException(sourceName, constructLine,
                "unterminated " + construct + " starting here; close it with " + closer);
    }

    // psql starts the data on the line after the COPY; anything else on the COPY's line would be
    // silently reordered after the data, so it is refused.
    private void skipRestOfCopyLine() throws IOException {
        while (in.ensure(1) > 0) {
            char c = in.buf[in.pos];
            if (c == '\n') {
                in.pos++;
                in.line++;
                return;
            }
            if (c == '-' && in.peekSecond() == '-') {
                while (in.ensure(1) > 0 && in.buf[in.pos] != '\n') {
                    in.pos++;
                }
            } else if (isSpace(c)) {
                in.pos++;
            } else {
                throw new SqlSyntaxException(sourceName, in.line,
                        "text after COPY ... FROM STDIN on the same line; the COPY data starts on the next"
                                + " line, so move this text to a line after the \\. that ends the data");
            }
        }
    }

    /** Outside quotes and comments. Returns true at a semicolon that ends the statement. */
    private boolean normal() throws IOException {
        while (in.pos < in.limit) {
            if (started) {
                scanOrdinaryRun();
                if (in.pos == in.limit) {
                    return false;
                }
            }
            int outcome = normalChar(in.buf[in.pos]);
            if (outcome != STAY) {
                return outcome == TERMINATED;
            }
        }
        return false;
    }

    /**
     * The hot path: consumes, in one sweep, the characters that need no decision beyond word and
     * parenthesis tracking, and appends them to the statement in one go. Stops before anything that
     * may open a quote or comment, end a line or end the statement.
     */
    private void scanOrdinaryRun() {
        char[] buf = in.buf;
        int p = in.pos;
        int limit = in.limit;
        int run = p;
        int base = text.length() - run; // text index of buf[i] is base + i
        // locals rather than fields, so the loop can keep them in registers
        int word = wordStart;
        int parens = parenDepth;
        while (p < limit) {
            char c = buf[p];
            int kind = c < 128 ? KIND[c] : IDENT;
            if (kind == IDENT || (word >= 0 && (kind == DIGIT || kind == DOLLAR))) {
                if (word < 0) {
                    word = base + p;
                }
                p++;
                continue;
            }
            if (kind == SPECIAL || kind == DOLLAR) {
                break;
            }
            if (word >= 0) {
                if (shape.wantsWords()) {
                    text.append(buf, run, p - run);
                    run = p;
                    wordStart = word;
                    endWord();
                }
                word = -1;
            }
            if (c == '(') {
                parens++;
            } else if (c == ')' && parens > 0) {
                parens--;
            }
            p++;
        }
        text.append(buf, run, p - run);
        in.pos = p;
        wordStart = word;
        parenDepth = parens;
    }

    /** Handles one character outside quotes and comments, the slow but general way. */
    private int normalChar(char c) throws IOException {
        if (isIdentStart(c) || (wordStart >= 0 && (isDigit(c) || c == '$'))) {
            if (wordStart < 0) {
                startToken();
                wordStart = text.length();
            }
            text.append(c);
            in.pos++;
            return STAY;
        }
        if (c == '\'') {
            openStringLiteral();
            return LEFT;
        }
        if (c == '\\' && !started) {
            if (skipDumpRestrictLine()) {
                return STAY;
            }
            throw metaCommand();
        }
        endWord();
        switch (c) {
            case '\n' -> {
                in.pos++;
                newline();
            }
            case ' ', '\t', '\r', '\f', '\u000B' -> {
                in.pos++;
                if (started) {
                    text.append(c);
                }
            }
            case '"' -> {
                startToken();
                open(State.IDENT_QUOTE, "\"");
                return LEFT;
            }
            case '$' -> {
                startToken();
                tagStart = text.length();
                open(State.DOLLAR_TAG, "$");
                return LEFT;
            }
            case '-' -> {
                if (in.peekSecond() == '-') {
                    openComment(State.LINE_COMMENT, "--");
                    return LEFT;
                }
                ordinary(c);
            }
            case '/' -> {
                if (in.peekSecond() == '*') {
                    commentDepth = 1;
                    openComment(State.BLOCK_COMMENT, "/*");
                    return LEFT;
                }
                ordinary(c);
            }
            case '(' -> {
                parenDepth++;
                ordinary(c);
            }
            case ')' -> {
                if (parenDepth > 0) {
                    parenDepth--;
                }
                ordinary(c);
            }
            case ';' -> {
                // psql: a semicolon inside parentheses (CREATE RULE ... DO (a; b)) or inside a
                // BEGIN ATOMIC body belongs to the statement.
                if (parenDepth == 0 && !shape.insideAtomicBody()) {
                    in.pos++;
                    return TERMINATED;
                }
                ordinary(c);
            }
            default -> ordinary(c);
        }
        return STAY;
    }

    // pg_dump 15.14+ brackets its output with "\\restrict <key>" / "\\unrestrict <key>": they only guard psql
    // against a hostile server during a restore and mean nothing here, so a dump runs unedited.
    private boolean skipDumpRestrictLine() throws IOException {
        String command = metaCommandName();
        if (!command.equals("\\restrict") && !command.equals("\\unrestrict")) {
            return false;
        }
        while (in.ensure(1) > 0 && in.buf[in.pos] != '\n') {
            in.pos++;
        }
        return true;
    }

    private String metaCommandName() throws IOException {
        int available = in.ensure(33);
        int end = in.pos + 1;
        while (end < in.pos + available && isIdentStart(in.buf[end])) {
            end++;
        }
        return new String(in.buf, in.pos, end - in.pos);
    }

    // No SQL statement starts with a backslash; psql would run it as a meta-command. Recent pg_dump
    // versions write "restrict" and "unrestrict" meta-command lines, which would otherwise merge into
    // the next statement.
    private SqlSyntaxException metaCommand() throws IOException {
        String command = metaCommandName();
        return new SqlSyntaxException(sourceName, in.line, "psql meta-command " + command
                + " is not SQL and cannot be run here; remove this line (the script must contain SQL only)");
    }

    private void ordinary(char c) {
        startToken();
        text.append(c);
        in.pos++;
    }

    private void startToken() {
        if (!started) {
            started = true;
            startLine = in.line;
        }
    }

    private void endWord() {
        if (wordStart >= 0) {
            if (shape.wantsWords()) {
                shape.word(text, wordStart, text.length());
            }
            wordStart = -1;
        }
    }

    private void newline() {
        in.line++;
        if (started) {
            int length = text.length();
            if (length > 0 && text.charAt(length - 1) == '\r') {
                text.setLength(length - 1);
            }
            text.append('\n');
        }
    }

    // A quote directly after a lone E/e word opens an escape string (E'...'); after anything else,
    // including prefixes like B, X, N and U&, it is a plain literal as far as splitting goes.
    private void openStringLiteral() {
        boolean escape = wordStart >= 0 && text.length() - wordStart == 1
                && (text.charAt(wordStart) | 0x20) == 'e';
        if (escape) {
            wordStart = -1; // the E is part of the literal, not a word
        } else {
            endWord();
        }
        startToken();
        escapeNext = false;
        open(escape ? State.ESCAPE_QUOTE : State.QUOTE, "'");
    }

    private void open(State quoteState, String opener) {
        constructLine = in.line;
        text.append(opener);
        in.pos += opener.length();
        state = quoteState;
    }

    private void openComment(State commentState, String opener) {
        constructLine = in.line;
        if (!started && commentState == State.LINE_COMMENT && !leadingCommentLinesLost) {
            if (leadingCommentCount == leadingCommentLines.length) {
                leadingCommentLines = Arrays.copyOf(leadingCommentLines, leadingCommentCount * 2);
            }
            leadingCommentLines[leadingCommentCount++] = in.line;
        }
        if (started) {
            text.append(opener);
        }
        in.pos += opener.length();
        state = commentState;
    }

    /** Appends {@code buf[from, to)} to the statement unless it precedes the first token. */
    private void keep(int from, int to) {
        if (started && to > from) {
            text.append(in.buf, from, to - from);
        }
    }

    private boolean lineComment() {
        char[] buf = in.buf;
        int p = in.pos;
        int limit = in.limit;
        while (p < limit && buf[p] != '\n' && buf[p] != '\r') {
            p++;
        }
        keep(in.pos, p);
        if (!started) {
            leadingComments.append(buf, in.pos, p - in.pos);
            if (p < limit) {
                leadingComments.append('\n');
            }
            if (leadingComments.length() > MAX_LEADING_COMMENTS) {
                leadingComments.delete(0, leadingComments.length() - MAX_LEADING_COMMENTS); // keep the nearest
                leadingCommentLinesLost = true;
            }
        }
        in.pos = p;
        if (p < limit) {
            state = State.NORMAL; // the line break itself is whitespace
        }
        return false;
    }

    private boolean blockComment() throws IOException {
        char[] buf = in.buf;
        int p = in.pos;
        int limit = in.limit;
        while (p < limit) {
            char c = buf[p];
            if (c == '\n') {
                keep(in.pos, p);
                in.pos = p + 1;
                newline();
            } else if (c == '*' || c == '/') {
                keep(in.pos, p);
                in.pos = p;
                int next = in.peekSecond(); // may move the window: re-enter the loop afterwards
                if (c == '*' && next == '/') {
                    commentDepth--;
                    keep(in.pos, in.pos + 2);
                    in.pos += 2;
                    if (commentDepth == 0) {
                        state = State.NORMAL;
                    }
                } else if (c == '/' && next == '*') {
                    commentDepth++;
                    keep(in.pos, in.pos + 2);
                    in.pos += 2;
                } else {
                    keep(in.pos, in.pos + 1);
                    in.pos++;
                }
                return false;
            }
            p++;
        }
        keep(in.pos, p);
        in.pos = p;
        return false;
    }

    /** Inside '...' or "...": the quote character doubled is an escaped quote. */
    private boolean quoted() throws IOException {
        char quote = state == State.QUOTE ? '\'' : '"';
        char[] buf = in.buf;
        int p = in.pos;
        int limit = in.limit;
        while (p < limit) {
            char c = buf[p];
            if (c == quote) {
                closeOrDouble(p, quote);
                return false;
            }
            if (c == '\n') {
                text.append(buf, in.pos, p - in.pos);
                in.pos = p + 1;
                newline();
            }
            p++;
        }
        text.append(buf, in.pos, p - in.pos);
        in.pos = p;
        return false;
    }

    /** Inside E'...': a backslash escapes the next character, whatever it is. */
    private boolean escapeQuoted() throws IOException {
        char[] buf = in.buf;
        int p = in.pos;
        int limit = in.limit;
        while (p < limit) {
            char c = buf[p];
            if (escapeNext) {
                escapeNext = false;
            } else if (c == '\\') {
                escapeNext = true;
            } else if (c == '\'') {
                closeOrDouble(p, '\'');
                return false;
            }
            if (c == '\n') {
                text.append(buf, in.pos, p - in.pos);
                in.pos = p + 1;
                newline();
            }
            p++;
        }
        text.append(buf, in.pos, p - in.pos);
        in.pos = p;
        return false;
    }

    // At a quote character inside a quoted construct: two in a row are an escaped quote, one closes.
    private void closeOrDouble(int p, char quote) throws IOException {
        text.append(in.buf, in.pos, p + 1 - in.pos);
        in.pos = p + 1;
        if (in.ensure(1) > 0 && in.buf[in.pos] == quote) {
            text.append(quote);
            in.pos++;
        } else {
            state = State.NORMAL;
        }
    }

    // After a '$' outside quotes: "$tag$" opens a dollar quote; "$1" is a parameter, and "$abc" without
    // a closing '$' is a '$' followed by the word "abc", as in PostgreSQL's lexer.
    private boolean dollarTag() {
        char c = in.buf[in.pos];
        boolean tagSoFar = text.length() > tagStart + 1;
        if (isIdentStart(c) || (tagSoFar && isDigit(c))) {
            text.append(c);
            in.pos++;
        } else if (c == '$') {
            text.append(c);
            in.pos++;
            dollarDelimiter = text.substring(tagStart);
            bodyStart = text.length();
            state = State.DOLLAR;
        } else {
            state = State.NORMAL;
            if (tagSoFar) {
                wordStart = tagStart + 1;
            }
        }
        return false;
    }

    private boolean dollarBody() {
        char[] buf = in.buf;
        int p = in.pos;
        int limit = in.limit;
        while (p < limit) {
            char c = buf[p];
            if (c == '$') {
                text.append(buf, in.pos, p + 1 - in.pos);
                in.pos = p + 1;
                if (closesDollarQuote()) {
                    state = State.NORMAL;
                    return false;
                }
            } else if (c == '\n') {
                text.append(buf, in.pos, p - in.pos);
                in.pos = p + 1;
                newline();
            }
            p++;
        }
        text.append(buf, in.pos, p - in.pos);
        in.pos = p;
        return false;
    }

    // The body ends at the first occurrence of the opening delimiter; other tags inside are just text.
    private boolean closesDollarQuote() {
        int from = text.length() - dollarDelimiter.length();
        return from >= bodyStart && text.regionEquals(from, dollarDelimiter);
    }

    /** Characters that start an identifier or keyword in PostgreSQL; all non-ASCII characters do. */
    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }
}
