package com.intellipost.migrator.script;

import java.io.IOException;
import java.io.Reader;

/**
 * A window of characters over a {@link Reader} with a line counter, shared by the statement lexer and
 * the COPY data reader so that both advance the same position and the same line number.
 *
 * <p>The fields are read directly by the scanners: their hot loops are plain array walks, and going
 * through accessors per character would only get in the JIT's way.
 */
final class CharSource {

    /** Big enough that refills are rare, small enough not to matter next to a statement's text. */
    static final int BUFFER_SIZE = 64 * 1024;

    /** The smallest window: lookahead (a psql meta-command's name) needs a few dozen characters. */
    static final int MIN_BUFFER_SIZE = 64;

    private final Reader reader;

    final char[] buf;
    /** Index of the next unconsumed character in {@link #buf}. */
    int pos;
    /** End of the valid characters in {@link #buf}. */
    int limit;
    /** Line number (in the file) of the character at {@link #pos}. */
    int line;
    private boolean eof;

    CharSource(Reader reader, int firstLine) {
        this(reader, firstLine, BUFFER_SIZE);
    }

    /** With a window of {@code bufferSize} characters (at least {@link #MIN_BUFFER_SIZE}). */
    CharSource(Reader reader, int firstLine, int bufferSize) {
        this.reader = reader;
        this.buf = new char[Math.max(MIN_BUFFER_SIZE, bufferSize)];
        this.line = firstLine;
    }

    /**
     * Makes at least {@code n} characters available from {@link #pos}, unless the input ends first.
     * Lookahead never needs more than a handful, so compacting the window is cheap.
     *
     * @return how many characters are available from {@link #pos}
     */
    int ensure(int n) throws IOException {
        while (limit - pos < n && !eof) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            int read = reader.read(buf, limit, buf.length - limit);
            if (read < 0) {
                eof = true;
            } else {
                limit += read;
            }
        }
        return limit - pos;
    }

    /** The character after the one at {@link #pos}, or -1 at end of input. */
    int peekSecond() throws IOException {
        return ensure(2) >= 2 ? buf[pos + 1] : -1;
    }

    void close() throws IOException {
        reader.close();
    }
}
