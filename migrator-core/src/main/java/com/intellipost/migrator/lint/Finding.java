package com.intellipost.migrator.lint;

/**
 * What a rule found in one statement (or one revision).
 *
 * @param rule     the rule id, squawk's where squawk has the rule
 * @param severity error or warning
 * @param revision the revision id
 * @param file     the script, as its location names it
 * @param line     the line of the statement's first token (of the revision header for a revision-wide finding)
 * @param message  what PostgreSQL will do: which lock, what it blocks, whether it scans or rewrites
 * @param fix      the safe alternative, as SQL for the statement at hand where there is one
 */
public record Finding(String rule, Severity severity, String revision, String file, int line, String message,
                      String fix) {

    /** {@code file:line}. */
    public String location() {
        return file + ":" + line;
    }
}
