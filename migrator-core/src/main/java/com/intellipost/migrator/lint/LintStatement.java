package com.intellipost.migrator.lint;

import com.intellipost.migrator.script.SqlStatement;
import com.intellipost.migrator.script.SqlToken;
import java.util.List;
import java.util.Optional;

/** One statement of an up section as the rules see it: its tokens, its line, and its parsed ALTER TABLE, if it is one. */
public final class LintStatement {

    private final SqlStatement statement;
    private final List<SqlToken> tokens;
    private Optional<AlterTable> alterTable;
    private Optional<CreateTable> createTable;

    public LintStatement(SqlStatement statement) {
        this.statement = statement;
        this.tokens = SqlToken.of(statement.sql());
    }

    public int line() {
        return statement.line();
    }

    public String sql() {
        return statement.sql();
    }

    public List<SqlToken> tokens() {
        return tokens;
    }

    /** The statement's text from the first to the last of {@code span} (consecutive tokens), as written. */
    public String text(List<SqlToken> span) {
        return span.isEmpty() ? "" : statement.sql().substring(span.get(0).start(), span.get(span.size() - 1).end());
    }

    /** A cursor over the tokens, from the first. */
    public TokenCursor cursor() {
        return new TokenCursor(tokens, 0);
    }

    /** The statement as a CREATE TABLE with its elements, or empty when it is none. */
    public Optional<CreateTable> createTable() {
        if (createTable == null) {
            createTable = CreateTable.parse(this);
        }
        return createTable;
    }

    /** The statement as an ALTER TABLE with its actions, or empty when it is none. */
    public Optional<AlterTable> alterTable() {
        if (alterTable == null) {
            alterTable = AlterTable.parse(this);
        }
        return alterTable;
    }
}
