package com.intellipost.migrator.script;

import com.intellipost.migrator.script.ScriptParser.SectionAnalysis;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One revision file, as read at load time. The SQL itself is not kept: it is streamed again from
 * {@link #source()} when the revision runs; what lexing it at load found is.
 *
 * @param revision         the revision id
 * @param downRevisions    parent revision ids; empty for a root, several for a merge
 * @param message          the description, possibly empty
 * @param source           where the text is
 * @param checksum         SHA-256 (hex) of the normalised header and up section
 * @param transactional    false when the header says {@code transactional: false}; whether a statement needs
 *                         autocommit is in {@code upSection} and {@code downSection}
 * @param lockTimeout      the header's {@code lock_timeout}, overriding the configured one
 * @param hasDown          whether a {@code -- migrate:down} marker exists (an empty down section reverts nothing, e.g. a merge)
 * @param downLine         the line of the {@code -- migrate:down} marker, 0 when there is none
 * @param disabledLintRules rule ids named by {@code -- lint:disable}
 * @param headerLines      line numbers of header keys, for messages ({@code revision}, {@code down_revision})
 * @param upSection        the up section as lexed at load; null when the script was not loaded by
 *                         {@link ScriptParser#parse} (then {@link ScriptParser#analyseUp} lexes it when asked)
 * @param downSection      the same for the down section
 */
public record Script(
        String revision,
        List<String> downRevisions,
        String message,
        ScriptSource source,
        String checksum,
        boolean transactional,
        Optional<Duration> lockTimeout,
        boolean hasDown,
        int downLine,
        Set<String> disabledLintRules,
        HeaderLines headerLines,
        SectionAnalysis upSection,
        SectionAnalysis downSection) {

    /** A script whose sections have not been lexed yet. */
    public Script(String revision, List<String> downRevisions, String message, ScriptSource source, String checksum,
                  boolean transactional, Optional<Duration> lockTimeout, boolean hasDown, int downLine,
                  Set<String> disabledLintRules, HeaderLines headerLines) {
        this(revision, downRevisions, message, source, checksum, transactional, lockTimeout, hasDown, downLine,
                disabledLintRules, headerLines, null, null);
    }

    /** Line numbers of header entries (0 when absent), so errors can point at them. */
    public record HeaderLines(int revision, int downRevision, int lintDisable) {
    }

    /** {@code file:line} of the {@code down_revision} header (or the revision header when there is none). */
    public String parentLocation() {
        return source.name() + ":" + (headerLines.downRevision() > 0 ? headerLines.downRevision() : headerLines.revision());
    }

    /** {@code file:line} of the {@code revision} header. */
    public String location() {
        return source.name() + ":" + headerLines.revision();
    }

    public boolean isMerge() {
        return downRevisions.size() > 1;
    }
}
