package com.intellipost.migrator.lint;

import com.intellipost.migrator.script.SqlToken;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code identifier-too-long}: PostgreSQL silently truncates names longer than 63 bytes (NAMEDATALEN - 1), so the
 * object gets another name than the script says, and two long names may collide.
 */
final class IdentifierLengthRule implements LintRule {

    static final String ID = "identifier-too-long";
    private static final int MAX_BYTES = 63;

    @Override
    public List<RuleId> ids() {
        return List.of(new RuleId(ID, Severity.ERROR));
    }

    @Override
    public void check(LintStatement statement, RevisionFacts facts, Findings out) {
        for (SqlToken t : statement.tokens()) {
            if (!t.isName()) {
                continue;
            }
            String name = t.identifier();
            int bytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_BYTES) {
                out.report(ID, statement.line(), t.raw() + " is " + bytes + " bytes long: PostgreSQL keeps the first "
                        + MAX_BYTES + " with only a NOTICE, which migrations rarely show, so the object is created as "
                        + truncated(name) + ".", "Choose a name of at most " + MAX_BYTES + " bytes instead of " + t.raw()
                        + " (as written, it becomes " + truncated(name) + ")");
                return;
            }
        }
    }

    private static String truncated(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        int end = MAX_BYTES;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--; // never cut a character in two, as PostgreSQL does not
        }
        return new String(utf8, 0, end, StandardCharsets.UTF_8);
    }
}
