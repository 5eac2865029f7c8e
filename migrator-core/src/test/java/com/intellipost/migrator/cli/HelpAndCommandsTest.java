package com.intellipost.migrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.config.Settings;
import com.intellipost.migrator.testing.CliProcess;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code help} lists every command and every setting with its default; {@code clean} is a command of the command
 * line; {@code stamp} says what it did once.
 */
@ExtendWith(PostgresExtension.class)
class HelpAndCommandsTest {

    @Test
    void helpListsEveryCommandAndEverySettingWithItsDefault() {
        for (String spelling : List.of("help", "--help", "-h")) {
            Run run = run(spelling, "--lockTimeout=not-a-duration"); // help reads no setting
            assertEquals(0, run.exit(), run::toString);
            for (MigratorCommandLine.CommandHelp command : MigratorCommandLine.COMMANDS) {
                assertTrue(Pattern.compile("(?m)^  " + Pattern.quote(command.name()) + "\\b").matcher(run.out()).find(),
                        () -> command.name() + " listed: " + run);
            }
            for (String key : Settings.KEYS) {
                String line = "  " + key + " ";
                assertTrue(run.out().lines().anyMatch(l -> l.startsWith(line)
                        && l.contains(Settings.DEFAULTS.getOrDefault(key, "(none)"))
                        && l.endsWith(Settings.environmentVariable(key))), () -> key + " with its default: " + run);
            }
        }
        assertTrue(run("help").out().contains("  lockTimeout        5s"), run("help")::toString);
        assertTrue(run("help").out().contains("  backup             (pg_dump in production, none elsewhere)"));
        Run usage = run();
        assertEquals(2, usage.exit());
        assertTrue(usage.err().contains("clean") && usage.err().contains("help lists them"), usage::toString);
    }

    /**
     * Audit A1 / B11: every word is read or refused. An option without '=', a word a command does not take, an
     * unknown option or a refused value is a usage error (exit 2), found before the database: the database here is
     * a port nothing listens on, with a long connectTimeout, and each case must answer at once. The message never
     * repeats the value typed after a space, which may be a password.
     */
    @Test
    void everyWordIsReadOrRefusedAsAUsageError(@TempDir Path dir) {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "u1", null, "SELECT 1;", null);
        List<String> base = List.of("--url=jdbc:postgresql://127.0.0.1:1/nowhere", "--user=nobody",
                "--connectTimeout=60s", "--locations=filesystem:" + dir);
        record Case(List<String> words, String message) {
        }
        List<Case> cases = List.of(
                new Case(List.of("info", "--password", "hunter2-secret"),
                        "ERROR: Option --password has no value: write --password=<value>, with '=' and no space"),
                new Case(List.of("lint", "--trace"), "ERROR: Option --trace has no value: write --trace=true"),
                new Case(List.of("info", "--url="), "ERROR: Option --url= is empty: give it a value, or leave the"
                        + " option out"),
                new Case(List.of("lint", "--format", "json"), "ERROR: Option --format has no value"),
                new Case(List.of("info", "extra"), "ERROR: info takes no argument, but 1 word followed it"),
                new Case(List.of("repair", "a", "b"), "ERROR: repair takes no argument, but 2 words followed it"),
                new Case(List.of("migrate", "u1", "u2"), "ERROR: migrate takes one target, but 2 words followed it"),
                new Case(List.of("new", "add", "table"), "ERROR: new takes one message, but 2 words followed it;"
                        + " quote a message of several words (new \"Add user table\")"),
                new Case(List.of("migrate", "-Dintellipost.url=postgresql://u:hunter2-secret@h/db"),
                        "ERROR: -Dintellipost.url after the command is not read: a -D option goes before -jar"),
                new Case(List.of("migrate", "--bogus=x"), "ERROR: Unknown option --bogus; known options: --url"),
                new Case(List.of("migrate", "--bogus"), "ERROR: Unknown option --bogus; known options: --url"),
                new Case(List.of("migrat"), "Unknown command 'migrat'"),
                new Case(List.of("-password=hunter2-secret", "migrate"), "ERROR: Unknown option: a word starting"
                        + " with '-' is not a command"),
                new Case(List.of("migrate", "--lintFailOn=sometimes"), "ERROR: --lintFailOn=sometimes"));
        for (Case c : cases) {
            List<String> words = new ArrayList<>(c.words());
            words.addAll(base);
            long start = System.nanoTime();
            Run run = run(words);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(2, run.exit(), () -> c.words() + ": " + run);
            assertTrue(run.err().startsWith(c.message()), () -> c.words() + ": " + run);
            assertEquals("", run.out(), () -> c.words() + ": " + run);
            assertFalse(run.err().contains("hunter2-secret"), () -> c.words() + " leaked a password: " + run);
            assertTrue(ms < 20_000, () -> c.words() + " waited for the database: " + ms + " ms");
        }
        Run help = run("migrate", "--help");
        assertEquals(0, help.exit(), help::toString);
        assertTrue(help.out().contains("Exit codes:"), help::toString);
    }

    @Test
    void cleanRunsFromTheCommandLineOnlyWhenEnabled(TestDatabase db, @TempDir Path dir) {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "hc1", null, "CREATE TABLE hc_table (id int);", null);
        List<String> base = new ArrayList<>(List.of("--schema=cli_clean", "--locations=filesystem:" + dir,
                "--url=" + db.jdbcUrl(), "--user=" + db.user()));
        if (db.password() != null) {
            base.add("--password=" + db.password());
        }
        assertEquals(0, run(with(base, "migrate")).exit());
        Run refused = run(with(base, "clean"));
        assertEquals(1, refused.exit(), refused::toString);
        assertTrue(refused.err().startsWith("ERROR: clean drops every object in schema cli_clean"), refused::toString);
        Run cleaned = run(with(base, "clean", "--cleanEnabled=true"));
        assertEquals(0, cleaned.exit(), cleaned::toString);
        assertEquals("Cleaned schema cli_clean: dropped 2 table(s)\n", cleaned.out(), cleaned::toString);
    }

    @Test
    void stampSaysWhatItDidOnce(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir.resolve("scripts"));
        r.write("1.sql", "st1", null, "CREATE TABLE st_never (id int);", null);
        r.write("2.sql", "st2", "st1", "CREATE TABLE st_never_2 (id int);", null);
        List<String> args = new ArrayList<>(List.of("stamp", "head", "--schema=cli_stamp",
                "--locations=filesystem:" + r.dir()));
        args.addAll(CliProcess.connectionArgs(db));
        CliProcess cli = CliProcess.start(dir.resolve("logs"), "stamp", List.of(), args);
        assertEquals(0, cli.waitFor(Duration.ofSeconds(60)), cli::describe);
        List<String> lines = cli.output().lines().filter(l -> l.contains("Stamped")).toList();
        assertEquals(2, lines.size(), cli::describe);
        assertTrue(lines.contains("Stamped [st1, st2]; at st2"), cli::describe); // the result, on stdout
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("StampCommand - Stamped 2 revision(s) [st1, st2]; now at"
                + " [st2]")), cli::describe); // the one log line
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> args = new ArrayList<>(List.of(more));
        args.addAll(base);
        return args;
    }

    private static Run run(String... args) {
        return run(List.of(args));
    }

    private static Run run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new MigratorCommandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> com.intellipost.migrator.Migrator.configure().isolated()).run(args.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err) {
    }
}
