package com.intellipost.migrator.lint;

import java.util.List;

/** {@code missing-down-section} (warning): without {@code -- migrate:down} a revision cannot be downgraded. */
final class MissingDownSectionRule implements LintRule {

    static final String ID = "missing-down-section";

    @Override
    public List<RuleId> ids() {
        return List.of(new RuleId(ID, Severity.WARNING));
    }

    @Override
    public void check(LintStatement statement, RevisionFacts facts, Findings out) {
    }

    @Override
    public void finish(RevisionFacts facts, Findings out) {
        if (!facts.script().hasDown()) {
            out.report(ID, Math.max(1, facts.script().headerLines().revision()), "The revision has no"
                    + " '-- migrate:down' section: downgrade refuses to go back past it, and test-rollback cannot"
                    + " check it.", "Add '-- migrate:down' with the statements that undo the up section (an empty"
                    + " down section says it needs no undoing)");
        }
    }
}
