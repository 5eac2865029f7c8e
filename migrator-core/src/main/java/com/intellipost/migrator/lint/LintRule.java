package com.intellipost.migrator.lint;

/**
 * One lint rule (or a small family sharing one parse). Rules are stateless: what they need to remember within a
 * revision (tables it created, constraints it added NOT VALID) is in {@link RevisionFacts}. The {@link Linter}
 * calls {@link #check} for each statement of a revision's up section, in order, then {@link #finish} once.
 */
public interface LintRule {

    /** The ids this rule reports under, with their severities; one entry for most rules. */
    java.util.List<RuleId> ids();

    /** Reports what {@code statement} does to a live database; {@code facts} hold the statements before it. */
    void check(LintStatement statement, RevisionFacts facts, Findings out);

    /** Reports what only the whole revision shows (a missing down section, a CONCURRENTLY beside other DDL). */
    default void finish(RevisionFacts facts, Findings out) {
    }

    /** A rule id and its severity. */
    record RuleId(String id, Severity severity) {
    }
}
