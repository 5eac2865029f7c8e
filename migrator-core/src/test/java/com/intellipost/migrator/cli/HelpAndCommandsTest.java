package com.intellipost.migrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
