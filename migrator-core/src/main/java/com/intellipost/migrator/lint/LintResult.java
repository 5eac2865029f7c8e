package com.intellipost.migrator.lint;

import com.intellipost.migrator.config.LintFailOn;
import java.util.List;
import java.util.Optional;

/**
 * What {@code lint} found.
 *
 * @param findings        every finding, in revision order then line order
 * @param revisions       the revisions linted (the scope), in upgrade order
 * @param postgresVersion the PostgreSQL major version the verdicts are for
 * @param failOn          which findings fail the run
 * @param statements      with {@code trace=true}: what each statement of the revisions in scope did on the scratch
 *                        database, in order; empty without the trace
 */
public record LintResult(List<Finding> findings, List<String> revisions, int postgresVersion, LintFailOn failOn,
                         Optional<List<StatementTrace>> statements) {

    /** Without the trace. */
    public LintResult(List<Finding> findings, List<String> revisions, int postgresVersion, LintFailOn failOn) {
        this(findings, revisions, postgresVersion, failOn, Optional.empty());
    }

    /** Whether a finding fails the run under {@code lintFailOn}. */
    public boolean failed() {
        return findings.stream().anyMatch(f -> failOn.fails(f.severity() == Severity.ERROR));
    }

    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }
}
