package com.intellipost.migrator.cli;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.command.CheckCommand.CheckResult;
import com.intellipost.migrator.command.CleanResult;
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
import com.intellipost.migrator.config.Settings;
import com.intellipost.migrator.lint.LintReport;
import com.intellipost.migrator.lint.LintResult;
import com.intellipost.migrator.plan.Plan;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The pre-deploy command line: {@code <command> [target|message] [--key=value ...]}, configured like the library.
 * The {@code --url=...} options typed here outrank everything else, {@code -Dintellipost.*} included, then come
 * {@code INTELLIPOST_*} variables (see {@link com.intellipost.migrator.config.Settings}). An application's own
 * {@code main} delegates here so that {@code java -jar app.jar migrate} works. Returns the exit code.
 */
public final class MigratorCommandLine {

    /** Every command with its argument and what it does, in the order {@code help} lists them. */
    static final List<CommandHelp> COMMANDS = List.of(
            new CommandHelp("migrate", "[target]", "upgrade to the single head, to heads, or to a revision and its ancestors"),
            new CommandHelp("downgrade", "<target>", "run down sections back to -1, -N, a revision or base"),
            new CommandHelp("info", "", "every revision: applied, pending, failed, in progress, edited, missing"),
            new CommandHelp("validate", "", "scripts against the history (checksums, missing files, failures)"),
            new CommandHelp("check", "", "the CI gate: graph, single head, lint errors; validate with a database"),
            new CommandHelp("lint", "", "lock-safety rules for the pending revisions (--format=json for tools)"),
            new CommandHelp("new", "<message>", "write a new revision file (parent: the single head)"),
            new CommandHelp("merge", "[message]", "write a merge revision joining every head"),
            new CommandHelp("stamp", "<target>", "mark revisions applied without running them (base empties the history)"),
            new CommandHelp("repair", "", "clear failed and in-progress rows, realign checksums of edited scripts"),
            new CommandHelp("clean", "", "drop every object in the schema (cleanEnabled=true; never in production)"),
            new CommandHelp("plan", "[target]", "the psql script migrate (or --downgrade=<target>) would run; --from, --output"),
            new CommandHelp("test-rollback", "", "on a scratch database, every revision up, down, up again: each down must"
                    + " undo its up"),
            new CommandHelp("drift", "", "this database's schema against the one its applied revisions build"),
            new CommandHelp("help", "", "this text (also --help)"));

    static final String USAGE = "usage: <" + COMMANDS.stream().map(CommandHelp::name).collect(Collectors.joining("|")) + ">"
            + " [target or message] [--url=... --user=... --schema=... --locations=... --environment=..."
            + " --format=text|json --<setting>=...]; help lists them";

    private static final Set<String> HELP = Set.of("help", "--help", "-h");

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

    /**
     * The commands, then every setting of {@link Settings#KEYS} with its default and environment variable, and the
     * exit codes; an application that delegates here prints its own usage line before them.
     */
    public static List<String> help() {
        List<String> lines = new ArrayList<>();
        lines.add("Commands:");
        for (CommandHelp c : COMMANDS) {
            lines.add(String.format(Locale.ROOT, "  %-20s %s", (c.name() + " " + c.argument()).strip(), c.does()));
        }
        lines.add("");
        lines.add("Settings: --<setting>=<value> (with '=': --url <value> is refused), -Dintellipost.<setting>=<value>");
        lines.add("or the environment variable;");
        lines.add("options typed here win over -D, which wins over the variables (see the README):");
        lines.add(String.format(Locale.ROOT, "  %-18s %-40s %s", "setting", "default", "environment variable"));
        for (String key : Settings.KEYS) {
            lines.add(String.format(Locale.ROOT, "  %-18s %-40s %s", key, Settings.DEFAULTS.getOrDefault(key, "(none)"),
                    Settings.environmentVariable(key)));
        }
        lines.add("");
        lines.add("Exit codes: 0 success, 1 the command failed (the message says why), 2 usage error (an unknown");
        lines.add("command or option, an option without '=', a surplus argument, a refused setting value).");
        return lines;
    }

    /**
     * Runs the command; 0 on success, 1 when the command failed, 2 on a usage error: an unknown command or option,
     * an option written without {@code =} ({@code --url X}), more words than the command takes, or a setting whose
     * value is refused ({@code --lockTimeout=soon}). Usage errors are found before the database is touched.
     */
    public int run(String... args) {
        if (args.length > 0 && HELP.contains(args[0]) || Arrays.asList(args).contains("--help")) {
            return printHelp(); // before any setting is read: help works whatever the configuration
        }
        Migrator migrator;
        CommandArguments arguments;
        try {
            arguments = CommandArguments.parse(args, COMMANDS);
            if (arguments.command().equals("help")) {
                return printHelp();
            }
            Migrator.Builder builder = configure.get();
            // typed for this run: above INTELLIPOST_* (which may name another database) and -D
            arguments.options().forEach((key, value) -> builder.settings().commandLine(key, value));
            migrator = builder.load();
        } catch (UsageException e) {
            err.println(e.getMessage().startsWith("Unknown command") || e.getMessage().equals(USAGE) ? e.getMessage()
                    : "ERROR: " + e.getMessage());
            return 2;
        } catch (MigratorException e) { // a value the configuration refuses: the message names the setting
            err.println("ERROR: " + e.getMessage());
            return 2;
        }
        try {
            return execute(migrator, arguments.command(), arguments.argument().orElse(null));
        } catch (MigratorException e) {
            err.println("ERROR: " + e.getMessage());
            return 1;
        }
    }

    private int printHelp() {
        out.println("usage: <command> [target or message] [--<setting>=<value> ...]");
        out.println();
        help().forEach(out::println);
        return 0;
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
            case "new" -> printWritten(migrator.newRevision(argument));
            case "merge" -> printWritten(migrator.merge(argument));
            case "stamp" -> {
                StampResult r = migrator.stamp(argument);
                out.println("Stamped " + r.stamped() + (r.unstamped().isEmpty() ? "" : ", removed " + r.unstamped())
                        + "; at " + atOrBase(r.currentRevisions()));
            }
            case "repair" -> {
                RepairResult r = migrator.repair();
                out.println("Removed failed rows " + r.removedFailed() + (r.removedInProgress().isEmpty() ? ""
                        : "; removed in-progress rows " + r.removedInProgress()) + (r.keptApplied().isEmpty() ? ""
                        : "; interrupted downgrades kept applied " + r.keptApplied()) + "; realigned checksums "
                        + r.realignedChecksums());
            }
            case "clean" -> {
                CleanResult r = migrator.clean();
                out.println("Cleaned schema " + r.schema() + ": dropped " + r.describe());
            }
            case "plan" -> writePlan(migrator.plan(argument), migrator.configuration().plan().output());
            case "test-rollback" -> {
                TestRollbackResult r = migrator.testRollback();
                return report(migrator, SchemaReports.json(r), SchemaReports.text(r), r.failed());
            }
            case "drift" -> {
                DriftResult r = migrator.drift();
                return report(migrator, SchemaReports.json(r), SchemaReports.text(r), r.drifted());
            }
            default -> throw new IllegalStateException("command " + command + " is listed in COMMANDS but not run");
        }
        return 0;
    }

    /** The plan to {@code --output} (a line here says where), or as the only thing on standard output. */
    private void writePlan(Plan plan, Optional<Path> output) {
        if (output.isPresent()) {
            plan.writeTo(output.get());
            out.println("Wrote the plan of " + plan.revisions().size() + " revision(s) to " + output.get());
            return;
        }
        // UTF-8 whatever the platform's encoding: the plan says \encoding UTF8 to psql
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        try {
            plan.writeTo(writer);
        } catch (IOException e) {
            throw new MigratorException("Cannot write the plan to standard output: " + e.getMessage(), e);
        }
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

    /** One line of {@code help}. */
    record CommandHelp(String name, String argument, String does) {
    }

    /** {@code java -cp ... com.intellipost.migrator.cli.MigratorCommandLine migrate}. */
    public static void main(String[] args) {
        System.exit(new MigratorCommandLine(System.out, System.err).run(args));
    }
}
