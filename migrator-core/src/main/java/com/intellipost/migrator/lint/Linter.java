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
import java.util.stream.Collectors;

/**
 * Runs the static rules over revisions' up sections, statement by statement as the splitter yields them. Every
 * revision is read in upgrade order, because what an earlier one did (a validated NOT NULL check) changes a later
 * verdict; findings are reported for the revisions in scope only.
 */
public final class Linter {

    private static final String IGNORE = "lint:ignore";
    private static final String DISABLE = "lint:disable";
    /** {@code -- migrate:up} as it is among the leading comments: without its dashes. */
    private static final String UP_MARKER = "migrate:up";

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
     * Checks only the rule ids of the suppressions of {@code scripts} ({@code -- lint:disable} and
     * {@code -- lint:ignore}), without the rules, so that a command can refuse an unknown id before it waits for the database (DESIGN 2.4's "before
     * touching the database", as for several heads). Throws {@link ScriptLoadException} naming file and line of each,
     * as {@link #lint} does.
     */
    public static void refuseUnknownSuppressions(List<Script> scripts) {
        ScriptLoadException.mapAll(scripts, script -> {
            List<String> problems = new ArrayList<>();
            String file = script.source().name();
            unknownDisables(script, problems);
            try (SqlSplitter splitter = ScriptParser.openUp(script)) {
                // ids only: where a directive stands is checked when a revision is linted, so that an applied
                // revision (history, lint does not report it again) never fails every later check
                boolean first = true;
                for (SqlStatement s = splitter.next(); s != null; s = splitter.next()) {
                    ignoredRules(comments(splitter, s.line(), first), file, s.line(), problems);
                    first = false;
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

    /** A header {@code -- lint:disable} naming an id no rule has. */
    private static void unknownDisables(Script script, List<String> problems) {
        List<String> unknown = LintRules.unknown(script.disabledLintRules());
        if (!unknown.isEmpty()) {
            problems.add(script.source().name() + ":" + Math.max(1, script.headerLines().lintDisable())
                    + ": -- lint:disable names unknown rule(s) " + String.join(", ", unknown) + "; "
                    + LintRules.knownIds());
        }
    }

    private Findings lintOne(Script script, ProjectFacts project, boolean inScope, List<String> problems) {
        String file = script.source().name();
        if (inScope) {
            unknownDisables(script, problems);
        }
        Set<String> disabled = new LinkedHashSet<>(projectDisabled);
        disabled.addAll(script.disabledLintRules());
        Findings out = new Findings(script, LintRules.severities(), disabled);
        RevisionFacts facts = new RevisionFacts(script, postgresVersion, project);
        try (SqlSplitter splitter = ScriptParser.openUp(script)) {
            int lastLine = 0;
            for (SqlStatement s = splitter.next(); s != null; s = splitter.next()) {
                LintStatement statement = new LintStatement(s);
                if (inScope) {
                    List<Comment> comments = comments(splitter, s.line(), lastLine == 0);
                    misplacedDisables(comments, file, problems);
                    out.ignoring(s.line(), ignoredRules(comments, file, s.line(), problems));
                    for (LintRule rule : LintRules.ALL) {
                        rule.check(statement, facts, out);
                    }
                }
                observe(statement, facts);
                facts.counted(s.line(), AutocommitStatements.describe(s.sql()));
                lastLine = s.line();
            }
            if (inScope) {
                trailingSuppressions(comments(splitter, Math.max(1, lastLine), lastLine == 0), file, problems);
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

    /**
     * A {@code --} comment line before a statement (or after the last one): its text without the dashes, and whether
     * it is in the header (the up section is read from the top of the file, so the first statement's comments
     * include the header and the {@code -- migrate:up} marker).
     */
    private record Comment(int line, String body, boolean inHeader) {
    }

    /**
     * The comment lines {@code splitter} read before the statement it returned last (after the last one, once it
     * returned null) that are lint directives; {@code fallbackLine} for one whose line is not known.
     */
    private static List<Comment> comments(SqlSplitter splitter, int fallbackLine, boolean beforeFirstStatement) {
        String all = splitter.leadingComments();
        if (!all.contains("lint:")) {
            return List.of();
        }
        String[] lines = all.split("\n", -1);
        int upMarker = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().equals(UP_MARKER)) {
                upMarker = i;
            }
        }
        List<Comment> comments = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String body = lines[i].strip();
            if (body.startsWith("lint:")) {
                int line = splitter.leadingCommentLine(i);
                // without the (optional) marker, every comment line before the first statement is the header
                boolean inHeader = upMarker >= 0 ? i < upMarker : beforeFirstStatement;
                comments.add(new Comment(line > 0 ? line : fallbackLine, body, inHeader));
            }
        }
        return comments;
    }

    /**
     * {@code -- lint:disable} below {@code -- migrate:up} is a plain comment that turns nothing off: it would leave the
     * author believing the rule is off. A load error, as a typo in an id is.
     */
    private static void misplacedDisables(List<Comment> comments, String file, List<String> problems) {
        for (Comment c : comments) {
            if (c.body().startsWith(DISABLE) && !c.inHeader()) {
                String ids = ids(c.body().substring(DISABLE.length())).stream().collect(Collectors.joining(", "));
                String named = ids.isEmpty() ? "<rule>" : ids;
                problems.add(file + ":" + c.line() + ": -- lint:disable works only in the header (the comment lines"
                        + " above -- migrate:up); here it is a plain comment and turns nothing off. Move it into the"
                        + " header to turn " + named + " off for the whole revision, or write -- lint:ignore " + named
                        + " on the line before the one statement it is for.");
            }
        }
    }

    /**
     * Directives after the last statement of the up section: a {@code -- lint:ignore} there precedes no statement and
     * turns nothing off (a trailing {@code DROP TABLE t; -- lint:ignore ...} on the last statement's line included),
     * so it is an error, and so are unknown ids in it.
     */
    private static void trailingSuppressions(List<Comment> comments, String file, List<String> problems) {
        misplacedDisables(comments, file, problems);
        for (Comment c : comments) {
            if (c.body().startsWith(IGNORE) && !c.inHeader()) {
                List<String> unknown = LintRules.unknown(ids(c.body().substring(IGNORE.length())));
                problems.add(file + ":" + c.line() + ": -- lint:ignore comes after the last statement of the up"
                        + " section, so it turns nothing off: write it on the line(s) right before the statement it is"
                        + " for" + (unknown.isEmpty() ? "" : "; it also names unknown rule(s) "
                        + String.join(", ", unknown) + "; " + LintRules.knownIds()));
            }
        }
    }

    /** The ids of {@code -- lint:ignore a, b -- reason} (what follows the directive's name). */
    private static Set<String> ids(String afterDirective) {
        int reason = afterDirective.indexOf("--"); // -- lint:ignore ban-drop-table -- emptied and unused since 2.3
        Set<String> ids = new LinkedHashSet<>();
        for (String id : (reason < 0 ? afterDirective : afterDirective.substring(0, reason)).split("[,\\s]+")) {
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** The rules {@code -- lint:ignore a, b} lines before a statement turn off for it; unknown ids are problems. */
    private static Set<String> ignoredRules(List<Comment> comments, String file, int line, List<String> problems) {
        Set<String> ignored = new LinkedHashSet<>();
        for (Comment c : comments) {
            if (c.body().startsWith(IGNORE)) {
                ignored.addAll(ids(c.body().substring(IGNORE.length())));
            }
        }
        if (ignored.isEmpty()) {
            return Set.of();
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
