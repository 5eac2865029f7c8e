package com.intellipost.migrator.execute;

import com.intellipost.migrator.history.SchemaHistory.RevisionRecord;
import com.intellipost.migrator.script.Script;
import com.intellipost.migrator.script.ScriptLoadException;
import com.intellipost.migrator.script.ScriptParser;
import com.intellipost.migrator.script.ScriptParser.SectionAnalysis;
import java.util.List;
import java.util.Optional;

/**
 * A script about to run in one direction, with whether it must run in autocommit (the header says so, or a statement
 * PostgreSQL refuses in a transaction block), as lexing the section at load found.
 */
public record PreparedScript(Script script, Direction direction, boolean transactional,
                             Optional<String> autocommitReason) {

    /**
     * Prepares every script for {@code direction} before any runs. Scripts from {@code ScriptParser.parse} were lexed
     * at load, so this reads no file; others are lexed now, and every syntax error is reported at once.
     */
    public static List<PreparedScript> prepareAll(List<Script> scripts, Direction direction) {
        return ScriptLoadException.mapAll(scripts, s -> prepare(s, direction));
    }

    /** The history row this script gets when its up section ran (or failed) in {@code ms}. */
    public RevisionRecord historyRow(long ms, boolean success) {
        return new RevisionRecord(script.revision(), script.downRevisions(), script.message(), script.source().name(),
                script.checksum(), transactional, ms, success);
    }

    static PreparedScript prepare(Script script, Direction direction) {
        SectionAnalysis analysis = direction == Direction.UP ? ScriptParser.analyseUp(script)
                : ScriptParser.analyseDown(script);
        Optional<String> reason = analysis.autocommitReason();
        if (reason.isEmpty() && !script.transactional()) {
            reason = Optional.of("the header says transactional: false");
        }
        return new PreparedScript(script, direction, reason.isEmpty(), reason);
    }
}
