package com.intellipost.migrator.lint;

import java.util.List;

/**
 * What {@code lint} found.
 *
 * @param findings        every finding, in revision order then line order
 * @param revisions       the revisions linted (the scope), in upgrade order
 * @param postgresVersion the PostgreSQL major version the verdicts are for
 * @param failOn          which findings fail the run
 */
public record LintResult(List<Finding> findings, List<String> revisions, int postgresVersion, FailOn failOn) {

    /** Whether a finding fails the run under {@code lintFailOn}. */
    public boolean failed() {
        return findings.stream().anyMatch(f -> failOn.fails(f.severity()));
    }

    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }
}
