package com.intellipost.migrator.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Percent-decoding of a URL part as libpq does it: {@code %XX} is a byte, everything else (a {@code +} too) is
 * itself. Returns empty instead of throwing on a bad escape, so that callers can report it without quoting a
 * password ({@link java.net.URLDecoder}'s exception quotes the text).
 */
final class PercentDecoding {

    private PercentDecoding() {
    }

    static Optional<String> decode(String s) {
        if (s.indexOf('%') < 0) {
            return Optional.of(s);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (c != '%') {
                bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
                continue;
            }
            if (i + 2 >= s.length()) {
                return Optional.empty();
            }
            int high = Character.digit(s.charAt(i + 1), 16);
            int low = Character.digit(s.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return Optional.empty();
            }
            bytes.write(high * 16 + low);
            i += 3;
        }
        return Optional.of(bytes.toString(StandardCharsets.UTF_8));
    }
}
