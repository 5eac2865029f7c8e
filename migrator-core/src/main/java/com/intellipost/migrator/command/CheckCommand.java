package com.intellipost.migrator.command;

import com.intellipost.migrator.execute.Direction;
import com.intellipost.migrator.execute.PreparedScript;
import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.lint.LintFailedException;
import com.intellipost.migrator.lint.LintResult;
import com.intellipost.migrator.script.Script;
import java.util.List;
import java.util.Optional;

/**
 * The CI gate: reads and lexes every script, builds the graph (script and graph errors are thrown as they are for
 * every command), refuses a graph with several heads, and runs the static lint rules over the revisions in lint's
 * scope. Without a database that is every revision; with one (only read, never locked) the pending ones, and the
 * history is validated as {@code validate} does.
 */
public final class CheckCommand {

    private final CommandContext context;

    public CheckCommand(CommandContext context) {
        this.context = context;
    }

    /**
     * Throws {@link MultipleHeadsException} when branches were added in parallel and not merged,
     * {@link LintFailedException} when a finding fails under {@code lintFailOn}, and {@link ValidationException}
     * when the configured database's history disagrees with the scripts.
     */
    public CheckResult run() {
        // refused before the history read is waited for, as migrate refuses them: at once, even with the database down
        var loaded = LintCommand.load(context, g -> {
            PreparedScript.prepareAll(g.order(), Direction.UP); // unterminated quotes and the like, in every script
            PreparedScript.prepareAll(g.order().stream().filter(Script::hasDown).toList(), Direction.DOWN);
            if (g.heads().size() > 1) {
                throw new MultipleHeadsException("pass check", g.heads(), false);
            }
        });
        RevisionGraph graph = loaded.graph();
        List<Script> heads = graph.heads();
        LintResult lint = LintCommand.lint(context, graph, loaded.history());
        if (lint.failed()) {
            throw new LintFailedException(lint);
        }
        Optional<InfoResult> database = Optional.empty();
        if (context.hasDatabase()) {
            InfoResult info = InfoCommand.describe(graph, loaded.history());
            List<String> problems = RevisionStates.problems(info.revisions());
            if (!problems.isEmpty()) {
                throw new ValidationException(problems);
            }
            database = Optional.of(info);
        }
        return new CheckResult(graph.size(), heads.stream().map(Script::revision).toList(), lint, database);
    }

    /**
     * How many revisions the scripts declare, the head (none when there are no scripts), the lint findings (none of
     * them failing), and the state of the configured database when there is one.
     */
    public record CheckResult(int revisions, List<String> heads, LintResult lint, Optional<InfoResult> database) {
    }
}
