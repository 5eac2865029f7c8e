package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.testing.Await;
import com.intellipost.migrator.script.ScriptLoadException;
import com.intellipost.migrator.testing.Revisions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN 2.4: several heads and an unknown target (and, for check and lint, an unknown suppression id or
 * lintBaseline) are refused before the database is touched. The database here
 * is a port nothing listens on, with a connectTimeout of a minute: a command that waited for it would report
 * "cannot connect" after that minute instead of the heads.
 */
class RefusedBeforeTheDatabaseTest {

    private static final Duration LONG_CONNECT_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Nothing listens on port 1 and no test can bind it (a privileged port), so connecting is refused, which the
     * migrator retries. A port that was free a moment ago is not safe: something else may take it and answer nothing.
     */
    private static final int CLOSED_PORT = 1;
    private static final Duration MUCH_LESS = Duration.ofSeconds(20);

    @Test
    void severalHeadsAreRefusedWithoutWaitingForTheDatabase(@TempDir Path dir) {
        Revisions r = twoHeads(dir);
        MultipleHeadsException e = assertTimeoutPreemptively(MUCH_LESS,
                () -> assertThrows(MultipleHeadsException.class, () -> migrator(r).migrate()));
        assertTrue(e.getMessage().contains("h_left") && e.getMessage().contains("h_right"), e.getMessage());
    }

    @Test
    void anUnknownMigrateTargetIsRefusedWithoutWaitingForTheDatabase(@TempDir Path dir) {
        Revisions r = twoHeads(dir);
        UnknownRevisionException e = assertTimeoutPreemptively(MUCH_LESS,
                () -> assertThrows(UnknownRevisionException.class, () -> migrator(r).migrate("no_such")));
        assertTrue(e.getMessage().contains("no_such"), e.getMessage());
    }

    @Test
    void anUnknownDowngradeTargetIsRefusedWithoutWaitingForTheDatabase(@TempDir Path dir) {
        Revisions r = twoHeads(dir);
        UnknownRevisionException e = assertTimeoutPreemptively(MUCH_LESS,
                () -> assertThrows(UnknownRevisionException.class, () -> migrator(r).downgrade("no_such")));
        assertTrue(e.getMessage().contains("no_such"), e.getMessage());
    }

    /** Audit A2: check (the CI gate) refused its heads only after connectTimeout, as "cannot connect". */
    @Test
    void checkRefusesSeveralHeadsWithoutWaitingForTheDatabase(@TempDir Path dir) {
        Revisions r = twoHeads(dir);
        MultipleHeadsException e = assertTimeoutPreemptively(MUCH_LESS,
                () -> assertThrows(MultipleHeadsException.class, () -> migrator(r).check()));
        assertTrue(e.getMessage().startsWith("Cannot pass check") && e.getMessage().contains("h_left")
                && e.getMessage().contains("h_right"), e.getMessage());
    }

    /** A lint:ignore naming an unknown rule, in check and in lint: file, line and the known ids, at once. */
    @Test
    void anUnknownLintIgnoreIdIsRefusedWithoutWaitingForTheDatabase(@TempDir Path dir) {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "i_root", null, "CREATE TABLE i_t (id int);", null);
        r.write("002.sql", "i_drop", "i_root", "-- lint:ignore ban-drop-tabel\nDROP TABLE i_t;", null);
        for (Executable command : List.<Executable>of(() -> migrator(r).check(), () -> migrator(r).lint())) {
            ScriptLoadException e = assertTimeoutPreemptively(MUCH_LESS,
                    () -> assertThrows(ScriptLoadException.class, command));
            assertTrue(e.getMessage().contains("002.sql:") && e.getMessage().contains("ban-drop-tabel")
                    && e.getMessage().contains("ban-drop-table"), e.getMessage());
        }
    }

    /** A lint:disable header naming an unknown rule, likewise. */
    @Test
    void anUnknownLintDisableIdIsRefusedWithoutWaitingForTheDatabase(@TempDir Path dir) {
        Revisions r = new Revisions(dir);
        r.writeRaw("001.sql", "-- revision: d_root\n-- down_revision: none\n-- lint:disable ban-drop-tabel\n\n"
                + "-- migrate:up\nSELECT 1;\n");
        ScriptLoadException e = assertTimeoutPreemptively(MUCH_LESS,
                () -> assertThrows(ScriptLoadException.class, () -> migrator(r).check()));
        assertTrue(e.getMessage().contains("001.sql:3") && e.getMessage().contains("ban-drop-tabel"), e.getMessage());
    }

    /** lintBaseline naming no revision, in check and in lint. */
    @Test
    void anUnknownLintBaselineIsRefusedWithoutWaitingForTheDatabase(@TempDir Path dir) {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "b_root", null, "CREATE TABLE b_t (id int);", null);
        for (Executable command : List.<Executable>of(() -> migrator(r, "lintBaseline", "nope").check(),
                () -> migrator(r, "lintBaseline", "nope").lint())) {
            UnknownRevisionException e = assertTimeoutPreemptively(MUCH_LESS,
                    () -> assertThrows(UnknownRevisionException.class, command));
            assertTrue(e.getMessage().contains("lintBaseline=nope"), e.getMessage());
        }
    }

    /** A refused command leaves no thread behind that keeps retrying the connection for connectTimeout. */
    @Test
    void theHistoryReadStopsWhenTheCommandIsRefused(@TempDir Path dir) throws Exception {
        Revisions r = twoHeads(dir);
        assertThrows(MultipleHeadsException.class, () -> migrator(r).migrate());
        assertTrue(Await.until(Duration.ofSeconds(10), () -> !historyReaderAlive()),
                "the background history read still retries the connection after the command was refused");
    }

    private static boolean historyReaderAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals("intellipost-history-read"));
    }

    private static Revisions twoHeads(Path dir) {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "h_root", null, "CREATE TABLE h_t (id int);", "DROP TABLE h_t;");
        r.write("002.sql", "h_left", "h_root", "ALTER TABLE h_t ADD COLUMN l int;", null);
        r.write("003.sql", "h_right", "h_root", "ALTER TABLE h_t ADD COLUMN r int;", null);
        return r;
    }

    private static Migrator migrator(Revisions r) {
        return migrator(r, "lintFailOn", "error");
    }

    private static Migrator migrator(Revisions r, String key, String value) {
        return Migrator.configure().isolated().set(key, value)
                .url("jdbc:postgresql://127.0.0.1:" + CLOSED_PORT + "/nowhere").user("postgres")
                .locations("filesystem:" + r.dir())
                .set("connectTimeout", LONG_CONNECT_TIMEOUT.toSeconds() + "s")
                .load();
    }

}
