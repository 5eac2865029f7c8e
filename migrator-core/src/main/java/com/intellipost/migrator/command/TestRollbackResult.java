package com.intellipost.migrator.command;

import com.intellipost.migrator.schema.SchemaDiff;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code test-rollback} found, one check per revision in the order walked (DESIGN 2.12).
 *
 * @param revisions   the revisions walked; the last one is {@code up-failed} when an up section stopped the walk
 * @param requireDown whether a revision without a down section fails the run
 * @param totalMs     the whole run, scratch database included
 */
public record TestRollbackResult(List<RevisionCheck> revisions, boolean requireDown, long totalMs) {

    public TestRollbackResult {
        revisions = List.copyOf(revisions);
    }

    /** The outcome of one revision's up, down, up again. */
    public enum Status {
        /** The down gave back the schema the up found, and the up applied again gave the same schema as the first. */
        OK,
        /** A snapshot after the down, or after the second up, differs from the one it must equal. */
        DIFFERS,
        /** The down section failed. */
        DOWN_FAILED,
        /** The down section ran, and the up section failed when applied again. */
        REAPPLY_FAILED,
        /** No {@code -- migrate:down} section: a warning, an error with {@code requireDown=true}. */
        NOT_REVERSIBLE,
        /** The up section failed: the walk stops here, since nothing after it can be applied. */
        UP_FAILED;

        /** {@code down-failed}: as the JSON document and the report spell it. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One revision's check.
     *
     * @param diff  for {@code differs}: what the snapshot that should equal an earlier one has extra, lacks or changed
     * @param error what went wrong, in a sentence; empty for {@code ok}
     */
    public record RevisionCheck(String revision, String message, String file, Status status, SchemaDiff diff,
                                Optional<String> error) {

        /** Whether this check fails the run. */
        public boolean failed(boolean requireDown) {
            return status != Status.OK && (status != Status.NOT_REVERSIBLE || requireDown);
        }
    }

    /** Whether anything failed: the command line and the Maven goal then exit 1 / fail the build. */
    public boolean failed() {
        return revisions.stream().anyMatch(r -> r.failed(requireDown));
    }

    /** How many checks have this status. */
    public long count(Status status) {
        return revisions.stream().filter(r -> r.status() == status).count();
    }
}
