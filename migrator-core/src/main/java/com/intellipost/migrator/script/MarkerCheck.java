package com.intellipost.migrator.script;

import java.util.List;

/**
 * Finds the section-marker mistakes that would make SQL run in the wrong direction: a line that looks like a marker
 * without being exactly one (so {@code -- migrate: down} would leave the down section's SQL in the up section), a
 * second {@code -- migrate:down}, and a {@code -- migrate:up} after it.
 */
final class MarkerCheck {

    private static final int QUOTED_LENGTH = 60;

    private final String file;
    private final List<String> problems;
    private int downLine;

    MarkerCheck(String file, List<String> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** A line before the {@code -- migrate:down} marker. */
    void upLine(int number, String line) {
        misspelt(number, line);
    }

    /** The {@code -- migrate:down} marker that starts the down section. */
    void downMarker(int number) {
        downLine = number;
    }

    /** A line after the {@code -- migrate:down} marker. */
    void downLine(int number, String line) {
        if (ScriptMarkers.isDownMarker(line)) {
            problems.add(file + ":" + number + ": a second '" + ScriptMarkers.DOWN_MARKER + "'; the down section"
                    + " already starts at line " + downLine + ", so remove one of them");
        } else if (ScriptMarkers.isUpMarker(line)) {
            problems.add(file + ":" + number + ": '" + ScriptMarkers.UP_MARKER + "' after '"
                    + ScriptMarkers.DOWN_MARKER + "' (line " + downLine + "): everything after line " + downLine
                    + " is the down section; put the up section first");
        } else {
            misspelt(number, line);
        }
    }

    private void misspelt(int number, String line) {
        String intended = ScriptMarkers.intendedMarker(line);
        if (intended != null) {
            problems.add(file + ":" + number + ": '" + quote(line) + "' looks like a section marker but is not one;"
                    + " write exactly '" + intended + "' (from the first column, lower case, one space after --),"
                    + " or reword the comment if it is not meant as a marker");
        }
    }

    private static String quote(String line) {
        String s = line.stripTrailing();
        return s.length() <= QUOTED_LENGTH ? s : s.substring(0, QUOTED_LENGTH) + "...";
    }
}
