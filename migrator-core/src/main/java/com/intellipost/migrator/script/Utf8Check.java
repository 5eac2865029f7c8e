package com.intellipost.migrator.script;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Finds the line of the first byte sequence that is not UTF-8, so that a script saved in another encoding (say
 * Windows-1252, where é is the single byte E9) is refused with its line rather than Java's "Input length = 1", or,
 * worse, loaded with replacement characters.
 */
final class Utf8Check {

    private static final int CHUNK = 1 << 16;

    private Utf8Check() {
    }

    /** The line (from 1; LF, CR and CRLF each end one) of the first malformed sequence, or 0 if all is UTF-8. */
    static int malformedLine(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                try {
                    return malformedLine(new ByteArrayInputStream(bytes));
                } catch (IOException e) {
                    throw new IllegalStateException("a byte array stream does not fail", e);
                }
            }
        }
        return 0; // ASCII, the common case
    }

    /** The same for a stream, read to its end (or to the first malformed sequence); the caller closes it. */
    static int malformedLine(InputStream in) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK);
        CharBuffer chars = CharBuffer.allocate(CHUNK); // a byte never decodes to more than one char: no overflow
        int line = 1;
        boolean afterCr = false;
        boolean eof = false;
        while (!eof) {
            int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (read < 0) {
                eof = true;
            } else {
                bytes.position(bytes.position() + read);
            }
            bytes.flip();
            int from = bytes.position();
            CoderResult result = decoder.decode(bytes, chars, eof);
            for (int i = from; i < bytes.position(); i++) {
                byte b = bytes.get(i);
                if (b == '\n') {
                    if (!afterCr) {
                        line++;
                    }
                    afterCr = false;
                } else {
                    afterCr = b == '\r';
                    if (afterCr) {
                        line++;
                    }
                }
            }
            if (result.isError()) {
                return line;
            }
            chars.clear();
            bytes.compact();
        }
        return 0;
    }

    /** The message for {@code name}, whose line {@code line} (0: unknown) is not UTF-8. */
    static String message(String name, int line) {
        return line > 0
                ? name + ":" + line + ": is not valid UTF-8 near line " + line + "; save it as UTF-8"
                : name + ": is not valid UTF-8; save it as UTF-8";
    }
}
