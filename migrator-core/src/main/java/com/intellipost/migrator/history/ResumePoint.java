package com.intellipost.migrator.history;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an interrupted revision's non-transactional section goes on, saved as text in its in-progress history row's
 * {@code batch_resume} column: the line of the batched statement, the first key of its next batch and the last key
 * read when it started; the statements before that line completed. {@link #COMPLETED} says every statement of the
 * section ran and only the history row is left to write (a downgrade saves it before removing its row).
 */
public record ResumePoint(int line, long next, long last) {

    /** Every statement ran: a resumed run skips them all and only writes the history. */
    public static final ResumePoint COMPLETED = new ResumePoint(Integer.MAX_VALUE, 0, 0);

    private static final Pattern FORMAT = Pattern.compile("line=(\\d+) next=(-?\\d+) last=(-?\\d+)");
    private static final String COMPLETED_TEXT = "completed";

    /** The text saved in {@code batch_resume}. */
    public String format() {
        return completed() ? COMPLETED_TEXT : "line=" + line + " next=" + next + " last=" + last;
    }

    /** Whether every statement of the section ran. */
    public boolean completed() {
        return line == Integer.MAX_VALUE;
    }

    /** The saved point, or empty when the text is not one (then the revision is not resumable). */
    public static Optional<ResumePoint> parse(String text) {
        if (COMPLETED_TEXT.equals(text)) {
            return Optional.of(COMPLETED);
        }
        Matcher m = text == null ? null : FORMAT.matcher(text);
        return m == null || !m.matches() ? Optional.empty() : Optional.of(new ResumePoint(
                Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
    }
}
