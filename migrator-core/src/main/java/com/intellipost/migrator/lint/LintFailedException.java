package com.intellipost.migrator.lint;

import com.intellipost.migrator.MigratorException;

/** {@code check} found lint findings that {@code lintFailOn} makes fatal; the message lists every finding. */
public class LintFailedException extends MigratorException {

    private final transient LintResult result;

    public LintFailedException(LintResult result) {
        super(String.join("\n", LintReport.text(result)) + "\nFix the statements, or suppress a finding you accept with"
                + " '-- lint:ignore <rule>' on the line before its statement ('-- lint:disable <rule>' in the header"
                + " for the whole script).");
        this.result = result;
    }

    public LintResult result() {
        return result;
    }
}
