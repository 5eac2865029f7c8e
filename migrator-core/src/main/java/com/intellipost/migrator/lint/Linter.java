package com.intellipost.migrator.lint;

import com.intellipost.migrator.config.ConfigurationException;
import com.intellipost.migrator.script.AutocommitStatements;
import com.intellipost.migrator.script.Script;
import com.intellipost.migrator.script.ScriptLoadException;
import com.intellipost.migrator.script.ScriptParser;
import com.intellipost.migrator.script.SqlSplitter;
import com.intellipost.migrator.script.SqlStatement;
import com.intellipost.migrator.script.SqlSyntaxException;
import com.intellipost.migrator.script.SqlToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the static rules over revisions' up sections, statement by statement as the splitter yields them. Every
 * revision is read in upgrade order, because what an earlier one did (a validated NOT NULL check) changes a later
 * verdict; findings are reported for the revisions in scope only.
 */
public final class Linter {

    private static final String IGNORE = "lint:ignore";

    private final int postgresVersion;
    private final Set<String> projectDisabled;

    /**
     * {@code postgresVersion}: the major version the verdicts are for; {@code projectDisabled}: {@code lintDisabled},
     * refused when it names a rule that does not exist.
     */
    public Linter(int postgresVersion, Set<String> projectDisabled) {
        List<String> unknown = LintRules.unknown(projectDisabled);
        if (!unknown.isEmpty()) {
            throw new ConfigurationException("intellipost.lintDisabled names unknown rule(s) " + String.join(", ", unknown)
                    + "; " + LintRules.knownIds());
        }
        this.postgresVersion = postgresVersion;
        this.projectDisabled = Set.copyOf(projectDisabled);
    }

    /**
     * Lints {@code order} (every revision, in upgrade order), reporting findings of those in {@code scope}. Throws
     * {@link ScriptLoadException} naming file and line of every suppression that names an unknown rule.
     */
    public List<Finding> lint(List<Script> order, Set<String> scope) {
        List<Finding> findings = new ArrayList<>();
        for (Findings revision : lintRevisions(order, scope)) {
            findings.addAll(revision.list());
        }
        return findings;
    }

    /**
     * As {@link #lint}, one entry per revision in scope, in upgrade order: its findings with the suppressions that
     * apply to them, so that the traced rules can add theirs under the same suppressions.
     */
    public List<Findings> lintRevisions(List<Script> order, Set<String> scope) {
        ProjectFacts project = new ProjectFacts();
        List<Findings> revisions = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Script script : order) {
            boolean inScope = scope.contains(script.revision());
            Findings found = lintOne(script, project, inScope, problems);
            if (inScope) {
                revisions.add(found);
            }
        }
        if (!problems.isEmpty()) {
            throw new ScriptLoadException(problems);
        }
        return revisions;
    }

    /**
     * Checks only the suppressions of {@code scripts} ({@code -- lint:disable} and {@code -- lint:ignore} ids), without
     * the rules, so that a command can refuse an unknown id before it waits for the database (DESIGN 2.4's "before
     * touching the database", as for several heads). Throws {@link ScriptLoadException} naming file and line of each,
     * as {@link #lint} does.
     */
    public static void refuseUnknownSuppressions(List<Script> scripts) {
        ScriptLoadException.mapAll(scripts, script -> {
            List<String> problems = new ArrayList<>();
            String file = script.source().name();
            List<String> unknownDisabled = LintRules.unknown(script.disabledLintRules());
            if (!unknownDisabled.isEmpty()) {
                problems.add(file + ":" + Math.max(1, script.headerLines().lintDisable()) + ": -- lint:disable names"
                        + " unknown rule(s) " + String.join(", ", unknownDisabled) + "; " + LintRules.knownIds());
            }
            try (SqlSplitter splitter = ScriptParser.openUp(script)) {
                for (SqlStatement s = splitter.next(); s != null; s = splitter.next()) {
                    ignoredRules(splitter.leadingComments(), file, s.line(), problems);
                }
            } catch (SqlSyntaxException e) {
                problems.add(e.getMessage());
            } catch (IOException e) {
                problems.add(file + ": cannot be read: " + e.getMessage());
            }
            if (!problems.isEmpty()) {
                throw new ScriptLoadException(problems);
            }
            return script;
        });
    }

    private Findings lintOne(Script script, ProjectFacts project, boolean inScope, List<String> problems) {
        String file = script.source().name();
        List<String> unknownDisabled = LintRules.unknown(script.disabledLintRules());
        if (inScope && !unknownDisabled.isEmpty()) {
            problems.add(file + ":" + Math.max(1, script.headerLines().lintDisable()) + ": -- lint:disable names"
                    + " unknown rule(s) " + String.join(", ", unknownDisabled) + "; " + LintRules.knownIds());
        }
        Set<String> disabled = new LinkedHashSet<>(projectDisabled);
        disabled.addAll(script.disabledLintRules());
        Findings out = new Findings(script, LintRules.severities(), disabled);
        RevisionFacts facts = new RevisionFacts(script, postgresVersion, project);
        try (SqlSplitter splitter = ScriptParser.openUp(script)) {
            for (SqlStatement s = splitter.next(); s != null; s = splitter.next()) {
                LintStatement statement = new LintStatement(s);
                if (inScope) {
                    out.ignoring(s.line(), ignoredRules(splitter.leadingComments(), file, s.line(), problems));
                    for (LintRule rule : LintRules.ALL) {
                        rule.check(statement, facts, out);
                    }
                }
                observe(statement, facts);
                facts.counted(s.line(), AutocommitStatements.describe(s.sql()));
            }
        } catch (SqlSyntaxException e) {
            problems.add(e.getMessage());
            return out;
        } catch (IOException e) {
            problems.add(file + ": cannot be read: " + e.getMessage());
            return out;
        }
        out.statementsDone();
        if (!inScope) {
            return out;
        }
        for (LintRule rule : LintRules.ALL) {
            rule.finish(facts, out);
        }
        return out;
    }

    /** The rules {@code -- lint:ignore a, b} lines before a statement turn off for it; unknown ids are problems. */
    private static Set<String> ignoredRules(String comments, String file, int line, List<String> problems) {
        if (!comments.contains(IGNORE)) {
            return Set.of();
        }
        Set<String> ignored = new LinkedHashSet<>();
        for (String comment : comments.split("\n")) {
            String body = comment.strip();
            if (body.startsWith(IGNORE)) {
                String ids = body.substring(IGNORE.length());
                int reason = ids.indexOf("--"); // -- lint:ignore ban-drop-table -- emptied and unused since 2.3
                for (String id : (reason < 0 ? ids : ids.substring(0, reason)).split("[,\\s]+")) {
                    if (!id.isEmpty()) {
                        ignored.add(id);
                    }
                }
            }
        }
        List<String> unknown = LintRules.unknown(ignored);
        if (!unknown.isEmpty()) {
            problems.add(file + ":" + line + ": the -- lint:ignore before this statement names unknown rule(s) "
                    + String.join(", ", unknown) + "; " + LintRules.knownIds());
        }
        return ignored;
    }

    /** Records what the statement did that later rules (and later revisions) depend on. */
    private static void observe(LintStatement statement, RevisionFacts facts) {
        statement.createTable().ifPresent(create -> facts.tableCreated(create.table()));
        statement.alterTable().ifPresent(alter -> {
            for (List<SqlToken> action : alter.actions()) {
                TokenCursor a = AlterTable.cursor(action);
                if (a.accept("validate", "constraint")) {
                    ObjectName constraint = a.name();
                    if (constraint != null) {
                        facts.project().constraintValidated(alter.table().name(), constraint.name());
                    }
                    continue;
                }
                if (a.accept("drop", "constraint")) {
                    a.accept("if", "exists");
                    ObjectName constraint = a.name();
                    if (constraint != null) {
                        facts.project().constraintDropped(alter.table().name(), constraint.name());
                    }
                    continue;
                }
                TableConstraint added = TableConstraint.parse(action);
                if (added == null || added.name() == null) {
                    continue;
                }
                String name = added.name().name();
                if (added.notValid()) {
                    facts.constraintAddedNotValid(alter.table(), name, added.kind());
                }
                String column = notNullCheckColumn(added);
                if (column != null) {
                    facts.project().notNullCheckAdded(alter.table().name(), name, column, !added.notValid());
                }
            }
        });
    }

    /** The column of {@code CHECK (column IS NOT NULL)}, or null when the constraint is something else. */
    private static String notNullCheckColumn(TableConstraint constraint) {
        List<SqlToken> inside = constraint.columns();
        if (!constraint.kind().equals("check") || inside.size() != 4 || !inside.get(0).isName()
                || !inside.get(1).text().equals("is") || !inside.get(2).text().equals("not")
                || !inside.get(3).text().equals("null")) {
            return null;
        }
        return inside.get(0).identifier();
    }
}
