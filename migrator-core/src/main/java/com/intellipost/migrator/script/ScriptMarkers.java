package com.intellipost.migrator.script;

import java.util.regex.Pattern;

/** Recognises the {@code -- migrate:up} and {@code -- migrate:down} section markers. */
final class ScriptMarkers {

    private static final Pattern DOWN = Pattern.compile("--\\s*migrate:down\\s*");
    private static final Pattern UP = Pattern.compile("--\\s*migrate:up\\s*");

    private ScriptMarkers() {
    }

    static boolean isDownMarker(String line) {
        return line.startsWith("--") && DOWN.matcher(line).matches();
    }

    static boolean isUpMarker(String line) {
        return line.startsWith("--") && UP.matcher(line).matches();
    }
}
