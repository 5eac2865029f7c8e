package com.intellipost.migrator.cli;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.command.CheckCommand.CheckResult;
import com.intellipost.migrator.command.DowngradeResult;
import com.intellipost.migrator.command.DriftResult;
import com.intellipost.migrator.command.InfoTable;
import com.intellipost.migrator.command.MigrateResult;
import com.intellipost.migrator.command.NewRevisionResult;
import com.intellipost.migrator.command.RepairResult;
import com.intellipost.migrator.command.SchemaReports;
import com.intellipost.migrator.command.StampResult;
import com.intellipost.migrator.command.TestRollbackResult;
import com.intellipost.migrator.config.OutputFormat;
import com.intellipost.migrator.lint.LintReport;
import com.intellipost.migrator.lint.LintResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The pre-deploy command line: {@code <command> [target|message] [--key=value ...]}, configured like the library.
 * The {@code --url=...} options typed here outrank everything else, {@code -Dintellipost.*} included, then come
 * {@code INTELLIPOST_*} variables (see {@link com.intellipost.migrator.config.Settings}). An application's own
 * {@code main} delegates here so that {@code java -jar app.jar migrate} works. Returns the exit code.
 */
public final class MigratorCommandLine {

    static final String USAGE = "usage: <migrate|downgrade|info|validate|check|lint|new|merge|stamp|repair"
            + "|test-rollback|drift|help>"
            + " [target or message] [--url=... --user=... --schema=... --locations=... --environment=..."
            + " --format=text|json --<setting>=...]";

    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<Migrator.Builder> configure;

    public MigratorCommandLine(PrintStream out, PrintStream err) {
        this(out, err, Migrator::configure);
    }

    /**
     * With an application's defaults: values set on the builder {@code configure} returns rank as code does,
     * below environment variables and the options typed here.
     */
    public MigratorCommandLine(PrintStream out, PrintStream err, Supplier<Migrator.Builder> configure) {
        this.out = out;
        this.err = err;
        this.configure = configure;
    }

    /** Runs the command; 0 on success, 1 when the command failed, 2 on a usage error. */
    public int run(String... args) {
        List<String> positional = new ArrayList<>();
        try {
            Migrator.Builder builder = configure.get();
            for (String arg : args) {
                if (arg.startsWith("--") && arg.contains("=")) {
                    // typed for this run: above INTELLIPOST_* (which may name another database) and -D
                    builder.settings().commandLine(arg.substring(2, arg.indexOf('=')),
                            arg.substring(arg.indexOf('=') + 1));
                } else {
                    positional.add(arg);
                }
            }
            if (positional.isEmpty()) {
                err.println(USAGE);
                return 2;
            }
            String command = positional.get(0);
            String argument = positional.size() > 1 ? String.join(" ", positional.subList(1, positional.size())) : null;
            return execute(builder.load(), command, argument);
        } catch (MigratorException e) {
            err.println("ERROR: " + e.getMessage());
            return 1;
        }
    }

    private int execute(Migrator migrator, String command, String argument) {
        switch (command) {
            case "migrate" -> {
                MigrateResult r = migrator.migrate(argument); // each revision is logged as it is applied
                out.println("Applied " + r.applied().size() + " revision(s) in " + r.totalMs() + " ms; at "
                        + atOrBase(r.currentRevisions()));
            }
            case "downgrade" -> {
                DowngradeResult r = migrator.downgrade(argument);
                out.println("Reverted " + r.reverted().size() + " revision(s) " + r.reverted() + "; at "
                        + atOrBase(r.currentRevisions()));
            }
            case "info" -> InfoTable.lines(migrator.info()).forEach(out::println);
            case "validate" -> {
                migrator.validate();
                out.println("Validated: scripts and history agree");
            }
            case "check" -> printCheck(migrator.check());
            case "lint" -> {
                LintResult r = migrator.lint();
                return report(migrator, LintReport.json(r), LintReport.text(r), r.failed());
            }
            case "help" -> out.println(USAGE);
            case "new" -> printWritten(migrator.newRevision(argument));
            case "merge" -> printWritten(migrator.merge(argument));
            case "stamp" -> {
                StampResult r = migrator.stamp(argument);
                out.println("Stamped " + r.stamped() + (r.unstamped().isEmpty() ? "" : ", removed " + r.unstamped())
                        + "; at " + atOrBase(r.currentRevisions()));
            }
            case "repair" -> {
                RepairResult r = migrator.repair();
                out.println("Removed failed rows " + r.removedFailed() + "; realigned checksums "
                        + r.realignedChecksums());
            }
            case "test-rollback" -> {
                TestRollbackResult r = migrator.testRollback();
                return report(migrator, SchemaReports.json(r), SchemaReports.text(r), r.failed());
            }
            case "drift" -> {
                DriftResult r = migrator.drift();
                return report(migrator, SchemaReports.json(r), SchemaReports.text(r), r.drifted());
            }
            default -> {
                err.println("Unknown command '" + command + "'. " + USAGE);
                return 2;
            }
        }
        return 0;
    }

    /** Prints the JSON document ({@code format=json}) or the text report; exit 1 when the result fails the run. */
    private int report(Migrator migrator, String json, List<String> text, boolean failed) {
        if (migrator.configuration().format() == OutputFormat.JSON) {
            out.println(json);
        } else {
            text.forEach(out::println);
        }
        return failed ? 1 : 0;
    }

    private void printCheck(CheckResult r) {
        r.lint().findings().forEach(f -> LintReport.text(f).forEach(out::println));
        out.println("Checked " + r.revisions() + " revision(s): " + (r.heads().isEmpty() ? "no scripts"
                : "single head " + r.heads().get(0)) + "; " + LintReport.summary(r.lint()));
        r.database().ifPresent(info -> {
            out.println("Validated: scripts and history agree; " + info.pending().size() + " revision(s) pending"
                    + (info.pending().isEmpty() ? "" : ":"));
            info.pending().forEach(p -> out.println("  " + p.revision() + " " + p.message() + " (" + p.script() + ")"));
        });
    }

    private void printWritten(NewRevisionResult r) {
        out.println("Wrote revision " + r.revision() + " (parents: " + (r.downRevisions().isEmpty() ? "none"
                : String.join(", ", r.downRevisions())) + ") to " + r.file());
    }

    private static String atOrBase(List<String> current) {
        return current.isEmpty() ? "base" : String.join(", ", current);
    }

    /** {@code java -cp ... com.intellipost.migrator.cli.MigratorCommandLine migrate}. */
    public static void main(String[] args) {
        System.exit(new MigratorCommandLine(System.out, System.err).run(args));
    }
}
