package com.intellipost.migrator.script;

/**
 * Watches the unquoted words of the statement being split, for the two cases where words change how
 * the script must be cut: SQL-standard routine bodies ({@code BEGIN ATOMIC ... END}), whose semicolons
 * do not end the statement, and {@code COPY ... FROM STDIN}, which is followed by inline data.
 *
 * <p>Like psql, this is a heuristic over keywords, not a parser. It stops looking as soon as the
 * statement's first words show it is neither kind, so ordinary statements cost nothing.
 */
final class StatementShape {

    private enum Kind { UNDECIDED, ROUTINE, COPY, SETTLED }

    private Kind kind;
    private int words;
    private boolean previousWasBegin;
    private int atomicDepth;
    private boolean previousWasFrom;
    private boolean copyFromStdin;

    StatementShape() {
        reset();
    }

    void reset() {
        kind = Kind.UNDECIDED;
        words = 0;
        previousWasBegin = false;
        atomicDepth = 0;
        previousWasFrom = false;
        copyFromStdin = false;
    }

    /** False once the statement's kind is settled and further words cannot change anything. */
    boolean wantsWords() {
        return kind != Kind.SETTLED;
    }

    /** True while inside a {@code BEGIN ATOMIC} body, where a semicolon does not end the statement. */
    boolean insideAtomicBody() {
        return atomicDepth > 0;
    }

    boolean copyFromStdin() {
        return copyFromStdin;
    }

    /** Takes the next unquoted word (keyword or identifier) of the statement: {@code text[start, end)}. */
    void word(CharSequence text, int start, int end) {
        switch (kind) {
            case UNDECIDED -> classify(text, start, end);
            case ROUTINE -> routineWord(text, start, end);
            case COPY -> copyWord(text, start, end);
            case SETTLED -> { }
        }
    }

    // Recognises CREATE [OR REPLACE] {FUNCTION | PROCEDURE} and COPY from the leading words.
    private void classify(CharSequence text, int start, int end) {
        words++;
        boolean keepLooking = switch (words) {
            case 1 -> {
                if (is(text, start, end, "copy")) {
                    kind = Kind.COPY;
                }
                yield kind == Kind.COPY || is(text, start, end, "create");
            }
            case 2 -> is(text, start, end, "or") || isRoutine(text, start, end);
            case 3 -> is(text, start, end, "replace");
            case 4 -> isRoutine(text, start, end);
            default -> false;
        };
        if (!keepLooking) {
            kind = Kind.SETTLED;
        } else if (kind == Kind.UNDECIDED && isRoutine(text, start, end)) {
            kind = Kind.ROUTINE;
        }
    }

    private static boolean isRoutine(CharSequence text, int start, int end) {
        return is(text, start, end, "function") || is(text, start, end, "procedure");
    }

    // A body opens with the pair BEGIN ATOMIC; inside it BEGIN and CASE open blocks that END closes.
    private void routineWord(CharSequence text, int start, int end) {
        if (atomicDepth == 0) {
            if (previousWasBegin && is(text, start, end, "atomic")) {
                atomicDepth = 1;
            }
            previousWasBegin = is(text, start, end, "begin");
        } else if (is(text, start, end, "begin") || is(text, start, end, "case")) {
            atomicDepth++;
        } else if (is(text, start, end, "end")) {
            atomicDepth--;
        }
    }

    private void copyWord(CharSequence text, int start, int end) {
        if (previousWasFrom && is(text, start, end, "stdin")) {
            copyFromStdin = true;
            kind = Kind.SETTLED;
        }
        previousWasFrom = is(text, start, end, "from");
    }

    /** Case-insensitive match of {@code text[start, end)} against a lower-case ASCII keyword. */
    static boolean is(CharSequence text, int start, int end, String keyword) {
        int length = keyword.length();
        if (end - start != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            // OR-ing 0x20 lower-cases ASCII letters and never turns a non-letter into one.
            if ((text.charAt(start + i) | 0x20) != keyword.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
