package com.intellipost.migrator.script;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Streams one section of a script line by line with line endings normalised to LF, stopping where its
 * {@link LineFilter} says (before the {@code -- migrate:down} marker, for the up section).
 */
final class SectionReader extends Reader {

    /** Sees each line (without a byte order mark) before it is read; false ends the section before that line. */
    interface LineFilter {
        boolean accept(int number, String line);
    }

    /** The up section: everything before the {@code -- migrate:down} marker. */
    static final LineFilter UP_SECTION = (number, line) -> !ScriptMarkers.isDownMarker(line);
    /** The down section: everything to the end. */
    static final LineFilter TO_THE_END = (number, line) -> true;

    private final BufferedReader in;
    private final LineFilter filter;
    private String current = "";
    private int pos;
    private int linesRead;
    private boolean ended;

    /**
     * @param in               positioned at the first line of the section
     * @param linesBefore      how many lines of the file come before it
     */
    SectionReader(BufferedReader in, int linesBefore, LineFilter filter) {
        this.in = in;
        this.linesRead = linesBefore;
        this.filter = filter;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            if (pos == current.length()) {
                if (!nextLine()) {
                    break;
                }
            }
            int take = Math.min(len - n, current.length() - pos);
            current.getChars(pos, pos + take, buf, off + n);
            pos += take;
            n += take;
        }
        return n == 0 ? -1 : n;
    }

    private boolean nextLine() throws IOException {
        if (ended) {
            return false;
        }
        String line = in.readLine();
        if (line == null) {
            ended = true;
            return false;
        }
        linesRead++;
        if (linesRead == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
            line = line.substring(1);
        }
        if (!filter.accept(linesRead, line)) {
            ended = true;
            return false;
        }
        current = line + "\n";
        pos = 0;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
