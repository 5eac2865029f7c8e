package com.intellipost.migrator.script;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Streams one section of a script line by line with line endings normalised to LF, stopping before the
 * {@code -- migrate:down} marker (when asked to).
 */
final class SectionReader extends Reader {

    private final BufferedReader in;
    private final boolean stopAtDownMarker;
    private String current = "";
    private int pos;
    private int linesRead;
    private boolean ended;

    /**
     * @param in               positioned at the first line of the section
     * @param linesBefore      how many lines of the file come before it
     */
    SectionReader(BufferedReader in, int linesBefore, boolean stopAtDownMarker) {
        this.in = in;
        this.linesRead = linesBefore;
        this.stopAtDownMarker = stopAtDownMarker;
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
        if (stopAtDownMarker && ScriptMarkers.isDownMarker(line)) {
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
