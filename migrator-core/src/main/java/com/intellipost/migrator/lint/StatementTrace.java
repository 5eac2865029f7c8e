package com.intellipost.migrator.lint;

import java.util.List;

/**
 * What one statement of a revision in scope did on the scratch database, as PostgreSQL reported it inside the
 * revision's transaction (DESIGN 2.7, 2.11: the {@code statements} part of the JSON document).
 *
 * @param revision      the revision id
 * @param file          the script, as its location names it
 * @param line          the line of the statement's first token
 * @param sql           the statement as the splitter yields it
 * @param transactional false for a statement of a revision that runs outside a transaction: not traced, its
 *                      {@code locks} are the ones PostgreSQL documents for it
 * @param locks         the relation locks the statement took (not held before it in the revision's transaction)
 * @param rewrites      the tables it rewrote ({@code pg_class.relfilenode} changed)
 * @param scans         the tables it read in full ({@code seq_scan} of {@code pg_stat_xact_user_tables} rose)
 * @param created       the relations the revision created, by this statement or an earlier one: new and empty,
 *                      nobody uses them yet (not part of the JSON document)
 */
public record StatementTrace(String revision, String file, int line, String sql, boolean transactional,
                             List<RelationLock> locks, List<String> rewrites, List<String> scans,
                             List<String> created) {

    public StatementTrace {
        locks = List.copyOf(locks);
        rewrites = List.copyOf(rewrites);
        scans = List.copyOf(scans);
        created = List.copyOf(created);
    }

    /** Whether {@code relation} existed before the revision (the revision did not create it). */
    public boolean existedBefore(String relation) {
        return !created.contains(relation);
    }
}
