package com.intellipost.migrator.script;

import com.intellipost.migrator.script.ScriptParser.SectionAnalysis;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;

/**
 * Lexes a whole section: how many statements it has and the first one PostgreSQL refuses in a transaction block
 * (or that a {@code -- batch:} directive makes commit batch by batch), a malformed batch directive, or the
 * unterminated quote, dollar quote or comment that makes it unusable.
 */
final class SectionLexer {

    private SectionLexer() {
    }

    /** Reads {@code splitter} to its end; throws {@link SqlSyntaxException} at the first construct never closed. */
    static SectionAnalysis analyse(SqlSplitter splitter, String name) throws IOException {
        int count = 0;
        String reason = null;
        for (SqlStatement s = splitter.next(); s != null; s = splitter.next()) {
            count++;
            // checked on every statement, so that a wrong directive is found even after the first reason
            if (BatchDirective.find(splitter.leadingComments(), s, name).isPresent() && reason == null) {
                reason = BatchDirective.autocommitReason(name, s.line());
            }
            if (reason == null) {
                String label = AutocommitStatements.describe(s.sql());
                if (label != null) {
                    reason = label + " at " + name + ":" + s.line();
                }
            }
        }
        return new SectionAnalysis(count, Optional.ofNullable(reason));
    }

    /**
     * Lexes a section already in memory (a small file), whose first line is {@code firstLine} of the file; a syntax
     * error is added to {@code problems} and null returned.
     */
    static SectionAnalysis analyse(String text, String name, int firstLine, List<String> problems) {
        // Line breaks as the streaming reader gives them (LF only), so that line numbers agree for CR files too.
        String lf = text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
        try {
            return analyse(new SqlSplitter(new StringReader(lf), name, firstLine,
                    Math.min(CharSource.BUFFER_SIZE, lf.length() + 1)), name);
        } catch (SqlSyntaxException e) {
            problems.add(e.getMessage());
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("a StringReader does not fail", e);
        }
    }
}
