package com.intellipost.migrator.history;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A digest of the history: SHA-256 over one line per row, {@code revision:checksum}, sorted by revision, with
 * {@code :failed} after a failed row. PostgreSQL computes it from the table ({@link #SQL}) and the migrator from its
 * scripts ({@link #of}); the two are equal exactly when every script is applied, successfully and unedited, and
 * nothing else is. That is all a start on an up-to-date database needs to know, in one row instead of thousands.
 */
public final class HistoryFingerprint {

    /** The fingerprint of an empty (or missing) history. */
    public static final String EMPTY = of(Map.of());

    /** Revision ids are ASCII, so the "C" collation sorts them as {@link String#compareTo} does. */
    static final String SQL = "SELECT encode(sha256(convert_to(coalesce(string_agg(revision || ':' || checksum"
            + " || CASE WHEN success THEN '' ELSE ':failed' END || E'\\n', '' ORDER BY revision COLLATE \"C\"), ''),"
            + " 'UTF8')), 'hex') FROM ";

    private HistoryFingerprint() {
    }

    /** The fingerprint a history holding exactly these revisions, all successful, would have. */
    public static String of(Map<String, String> checksumByRevision) {
        StringBuilder lines = new StringBuilder(checksumByRevision.size() * 80);
        new TreeMap<>(checksumByRevision).forEach((revision, checksum) ->
                lines.append(revision).append(':').append(checksum).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(lines.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }
}
