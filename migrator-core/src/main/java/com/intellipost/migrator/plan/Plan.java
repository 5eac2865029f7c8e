package com.intellipost.migrator.plan;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.TransactionMode;
import com.intellipost.migrator.execute.Direction;
import com.intellipost.migrator.execute.PreparedScript;
import com.intellipost.migrator.lint.Finding;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plan made and checked (DESIGN 2.13): what {@code migrate} or {@code downgrade} would run from a known history.
 * Making it read the scripts and the history and refused what the command refuses; writing it streams every script
 * again, so nothing of a script is held in memory.
 *
 * @param configuration   the settings the command would run with (schema, timeouts, transaction mode)
 * @param direction       {@code UP} for a migrate plan, {@code DOWN} for a downgrade plan
 * @param target          the target as given ({@code head}, a revision, {@code base}, {@code -1}...) and what it
 *                        resolved to
 * @param from            the history the plan starts from, in words
 * @param expectedHistory the {@link com.intellipost.migrator.history.HistoryFingerprint} of that history: the plan
 *                        stops, changing nothing, on a database whose history differs
 * @param scripts         the revisions to run, in order
 * @param findings        lint findings of the revisions to apply, by revision
 * @param lintNote        why lint did not run, when it could not
 * @param generatedAt     when the plan was made
 */
public record Plan(Configuration configuration, Direction direction, String target, String from,
                   String expectedHistory, List<PreparedScript> scripts, Map<String, List<Finding>> findings,
                   Optional<String> lintNote, Instant generatedAt) {

    public Plan {
        scripts = List.copyOf(scripts);
        findings = Map.copyOf(findings);
    }

    /** The revision ids the plan runs, in order. */
    public List<String> revisions() {
        return scripts.stream().map(p -> p.script().revision()).toList();
    }

    /** Whether every revision runs in one transaction ({@code transactionMode=all}, as migrate does). */
    public boolean oneTransaction() {
        return direction == Direction.UP && configuration.transactionMode() == TransactionMode.ALL;
    }

    /** Writes the psql script; the caller owns and closes {@code out}. */
    public void writeTo(Writer out) throws IOException {
        new PlanWriter(this, out).write();
        out.flush();
    }

    /**
     * Writes the psql script to {@code file} (UTF-8), through a temporary file beside it, so that a failure never
     * leaves half a plan under the final name.
     */
    public void writeTo(Path file) {
        Path target = file.toAbsolutePath();
        if (Files.isDirectory(target)) { // else the move below fails with "Directory not empty" or replaces it
            throw new MigratorException("Cannot write the plan to " + file + ": it is a directory; name a file,"
                    + " e.g. output=" + file.resolve("plan.sql"));
        }
        Path temporary = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(target.getParent());
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                writeTo(out);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new MigratorException("Cannot write the plan to " + file + ": " + e.getMessage()
                    + "; check that its directory can be written (output=" + file + ")", e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // best effort: the message above, if any, is what matters
            }
        }
    }
}
