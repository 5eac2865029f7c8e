package com.intellipost.migrator.lint;

import com.intellipost.migrator.script.Script;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What rules need to know beyond the statement at hand: the revision, the server version the verdicts are for, what
 * the revision's earlier statements did, and what earlier revisions did that lasts ({@link ProjectFacts}).
 */
public final class RevisionFacts {

    private final Script script;
    private final int postgresVersion;
    private final ProjectFacts project;
    private final Set<String> createdTables = new HashSet<>();
    /** {@code table.constraint} added NOT VALID by an earlier statement, to its kind ({@code check}, {@code foreign}). */
    private final Map<String, String> addedNotValid = new HashMap<>();
    private int statements;
    private int firstAutocommitLine;
    private String firstAutocommitStatement;

    RevisionFacts(Script script, int postgresVersion, ProjectFacts project) {
        this.script = script;
        this.postgresVersion = postgresVersion;
        this.project = project;
    }

    public Script script() {
        return script;
    }

    /** The PostgreSQL major version the verdicts are for: the connected server's, else {@code postgresVersion}. */
    public int postgresVersion() {
        return postgresVersion;
    }

    /** Whether an earlier statement of this revision created {@code table}: it is new and empty, nobody uses it yet. */
    public boolean isNewTable(ObjectName table) {
        return createdTables.contains(table.name());
    }

    /** Whether an earlier statement of this revision added {@code constraint} on {@code table} with NOT VALID. */
    public boolean addedNotValidHere(ObjectName table, String constraint) {
        return addedNotValid.containsKey(table.name() + "." + constraint);
    }

    /** The kind ({@code check}, {@code foreign}) of a constraint {@link #addedNotValidHere}, or null. */
    public String kindAddedNotValidHere(ObjectName table, String constraint) {
        return addedNotValid.get(table.name() + "." + constraint);
    }

    /** Whether a validated {@code CHECK (column IS NOT NULL)} exists on {@code table} by now. */
    public boolean hasValidatedNotNullCheck(ObjectName table, String column) {
        return project.hasValidatedNotNullCheck(table.name(), column);
    }

    /** How many statements of the section came before the one being checked (all of them, in {@code finish}). */
    public int statements() {
        return statements;
    }

    /** The line of the section's first statement that PostgreSQL refuses in a transaction block, or 0. */
    public int firstAutocommitLine() {
        return firstAutocommitLine;
    }

    /** What that statement is ({@code CREATE INDEX CONCURRENTLY}), or null. */
    public String firstAutocommitStatement() {
        return firstAutocommitStatement;
    }

    void tableCreated(ObjectName table) {
        createdTables.add(table.name());
    }

    void constraintAddedNotValid(ObjectName table, String constraint, String kind) {
        addedNotValid.put(table.name() + "." + constraint, kind);
    }

    void counted(int line, String autocommitStatement) {
        statements++;
        if (autocommitStatement != null && firstAutocommitLine == 0) {
            firstAutocommitLine = line;
            firstAutocommitStatement = autocommitStatement;
        }
    }

    ProjectFacts project() {
        return project;
    }
}
