package com.intellipost.migrator.script;

import java.io.IOException;
import java.io.Reader;
import java.util.Objects;

/**
 * Streams the inline data of a {@code COPY ... FROM STDIN} straight out of the script, up to (and
 * consuming, but not returning) the {@code \.} end-of-data line. Line breaks come out as {@code '\n'}
 * whatever the script used, so a script checked out with CRLF endings loads the same rows.
 *
 * <p>It reads from the splitter's own window and advances its line counter, so when the data ends the
 * splitter carries on at the right place and line.
 */
final class CopyDataReader extends Reader {

    private final CharSource in;
    private final String sourceName;
    private final int copyLine;
    private boolean atLineStart = true;
    private boolean finished;

    CopyDataReader(CharSource in, String sourceName, int copyLine) {
        this.in = in;
        this.sourceName = sourceName;
        this.copyLine = copyLine;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, cbuf.length);
        if (finished) {
            return -1;
        }
        int n = 0;
        while (n < len) {
            if (atLineStart) {
                if (atEndOfData()) {
                    finished = true;
                    break;
                }
                atLineStart = false;
            }
            if (in.pos == in.limit) {
                if (n > 0) {
                    break; // hand over what we have rather than block for more
                }
                if (in.ensure(1) == 0) {
                    throw missingEndOfData();
                }
            }
            char[] buf = in.buf;
            int start = in.pos;
            int end = Math.min(in.limit, start + (len - n));
            int p = start;
            while (p < end && buf[p] != '\n' && buf[p] != '\r') {
                p++;
            }
            if (p > start) {
                System.arraycopy(buf, start, cbuf, off + n, p - start);
                n += p - start;
                in.pos = p;
            } else if (buf[p] == '\n') {
                cbuf[off + n++] = '\n';
                in.pos++;
                in.line++;
                atLineStart = true;
            } else {
                // A CR before LF is dropped (the LF follows); a lone CR is data.
                boolean crlf = in.peekSecond() == '\n';
                in.pos++;
                if (!crlf) {
                    cbuf[off + n++] = '\r';
                }
            }
        }
        return n == 0 && finished ? -1 : n;
    }

    /** Consumes the rest of the data without returning it, as when the caller did not read it all. */
    void skipRest() throws IOException {
        char[] scratch = new char[8192];
        while (read(scratch, 0, scratch.length) >= 0) {
            // discard
        }
    }

    /** Only the splitter owns the underlying input; closing the data stream must not end the script. */
    @Override
    public void close() {
        // nothing to release
    }

    // At a line start: consumes and reports the "\." line (alone on its line, as psql requires).
    private boolean atEndOfData() throws IOException {
        int available = in.ensure(4);
        char[] b = in.buf;
        int p = in.pos;
        if (available < 2 || b[p] != '\\' || b[p + 1] != '.') {
            return false;
        }
        int length;
        if (available == 2) {
            length = 2;
        } else if (b[p + 2] == '\n') {
            length = 3;
        } else if (b[p + 2] == '\r' && available == 3) {
            length = 3;
        } else if (b[p + 2] == '\r' && b[p + 3] == '\n') {
            length = 4;
        } else {
            return false;
        }
        if (b[p + length - 1] == '\n') {
            in.line++;
        }
        in.pos += length;
        return true;
    }

    private SqlSyntaxException missingEndOfData() {
        return new SqlSyntaxException(sourceName, copyLine,
                "the data of this COPY ... FROM STDIN never ends: the input ended before a line"
                        + " containing only \\. ; add that line after the last data row");
    }
}
