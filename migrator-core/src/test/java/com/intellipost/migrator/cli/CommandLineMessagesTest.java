package com.intellipost.migrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.testing.CliProcess;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.PostgresServer;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Audit A10: messages that said something other than what happened. */
@ExtendWith(PostgresExtension.class)
class CommandLineMessagesTest {

    /** "must be a whole number >= 0" for a whole number that is only too large. */
    @Test
    void aNumberTooLargeSaysSoWithTheLargestAccepted(@TempDir Path dir) {
        Run run = run("info", "--lockRetries=99999999999999999999", "--locations=filesystem:" + dir);
        assertEquals(2, run.exit(), run::toString);
        assertEquals("ERROR: --lockRetries=99999999999999999999 is too large: at most 2147483647\n", run.err());
        Run negative = run("info", "--lockRetries=-1", "--locations=filesystem:" + dir);
        assertTrue(negative.err().startsWith("ERROR: --lockRetries=-1 must be a whole number >= 0"), negative::toString);
    }

    /** A jdbc URL's user= parameter is the user the server refused, not "<default user>"; the password stays out. */
    @Test
    void theUserOfTheUrlsQueryIsNamedAndItsPasswordIsNot(@TempDir Path dir) {
        String url = PostgresServer.get().jdbcUrlFor("postgres") + "?user=no_such_role_a10&password=pw-a10-secret";
        Run run = run("info", "--url=" + url, "--environment=production", "--connectTimeout=5s",
                "--locations=filesystem:" + dir);
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.err().contains(" as no_such_role_a10: "), run::toString);
        assertFalse(run.err().contains("<default user>"), run::toString);
        assertFalse(run.err().contains("pw-a10-secret"), run::toString);
    }

    /** "Applied e2  (file)": two spaces when a revision has no message; the same for Reverted. */
    @Test
    void aRevisionWithoutAMessageIsLoggedWithOneSpace(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir.resolve("scripts"));
        r.writeRaw("1.sql", "-- revision: e2\n-- down_revision: none\n\n-- migrate:up\nSELECT 1;\n"
                + "-- migrate:down\nSELECT 2;\n");
        for (String command : List.of("migrate", "downgrade")) {
            List<String> args = new ArrayList<>(List.of(command));
            if (command.equals("downgrade")) {
                args.add("-1");
            }
            args.addAll(List.of("--schema=cli_messages", "--locations=filesystem:" + r.dir()));
            args.addAll(CliProcess.connectionArgs(db));
            CliProcess cli = CliProcess.start(dir.resolve("logs"), command, List.of(), args);
            assertEquals(0, cli.waitFor(Duration.ofSeconds(60)), cli::describe);
            String verb = command.equals("migrate") ? "Applied" : "Reverted";
            assertTrue(cli.output().contains(" - " + verb + " e2 (" + r.dir() + "/1.sql) in "), cli::describe);
            assertFalse(cli.output().contains(verb + " e2  ("), cli::describe);
        }
    }

    /** plan --output=<a directory> said "check that its directory can be written". */
    @Test
    void aPlanOutputThatIsADirectoryIsSaidToBeOne(@TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir.resolve("m"));
        r.write("1.sql", "o1", null, "SELECT 1;", null);
        Path output = Files.createDirectories(dir.resolve("out"));
        Run run = run("plan", "--from=base", "--locations=filesystem:" + r.dir(), "--output=" + output);
        assertEquals(1, run.exit(), run::toString);
        assertEquals("ERROR: Cannot write the plan to " + output + ": it is a directory; name a file, e.g. output="
                + output.resolve("plan.sql") + "\n", run.err());
        assertTrue(Files.isDirectory(output), "the directory is left as it was");
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new MigratorCommandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> Migrator.configure().isolated()).run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err) {
    }
}
