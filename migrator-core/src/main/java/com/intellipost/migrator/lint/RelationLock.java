package com.intellipost.migrator.lint;

import java.util.List;
import java.util.Set;

/**
 * A relation lock as {@code pg_locks} shows it.
 *
 * @param relation {@code schema.name}, as it was named before the statement that took the lock (a rename or a drop
 *                 does not lose it)
 * @param mode     PostgreSQL's name of the mode, e.g. {@code AccessExclusiveLock}
 * @param table    whether the relation is a table (plain, partitioned, foreign) or a materialized view, rather than
 *                 an index, a sequence or a view
 */
public record RelationLock(String relation, String mode, boolean table) {

    /** The modes that conflict with {@code INSERT}/{@code UPDATE}/{@code DELETE} (ROW EXCLUSIVE), reads or both. */
    private static final Set<String> BLOCKING = Set.of("AccessExclusiveLock", "ExclusiveLock",
            "ShareRowExclusiveLock", "ShareLock");

    public static final String ACCESS_EXCLUSIVE = "AccessExclusiveLock";
    /** PostgreSQL's table lock modes, weakest first: each conflicts with at least what the one before it does. */
    private static final List<String> MODES = List.of("AccessShareLock", "RowShareLock", "RowExclusiveLock",
            "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", ACCESS_EXCLUSIVE);

    /** Whether this lock's mode is stronger than {@code other}'s (an unknown mode is the weakest). */
    public boolean strongerThan(RelationLock other) {
        return MODES.indexOf(mode) > MODES.indexOf(other.mode);
    }

    /** Whether the mode makes other sessions' reads or writes of the relation wait. */
    public boolean blocksReadsOrWrites() {
        return BLOCKING.contains(mode);
    }

    /** Whether the mode makes other sessions' reads wait too (only ACCESS EXCLUSIVE does). */
    public boolean blocksReads() {
        return ACCESS_EXCLUSIVE.equals(mode);
    }

    /** What the mode blocks, for messages: {@code every read and write of it} or {@code its INSERT, UPDATE and DELETE}. */
    public String blocks() {
        return blocksReads() ? "which blocks every read and write of it"
                : blocksReadsOrWrites() ? "which blocks its INSERT, UPDATE and DELETE (reads go on)"
                : "which blocks neither reads nor writes";
    }

    /** The mode as the documentation writes it: {@code ACCESS EXCLUSIVE}, {@code SHARE ROW EXCLUSIVE}. */
    public String modeWords() {
        String bare = mode.endsWith("Lock") ? mode.substring(0, mode.length() - 4) : mode;
        return bare.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(java.util.Locale.ROOT);
    }
}
