package com.intellipost.migrator.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of {@code locations}: {@code classpath:<path>}, {@code filesystem:<path>}, or a plain path (a
 * filesystem path). A mistyped entry is refused rather than read as a path that holds no scripts: {@code check}
 * would otherwise pass a CI run with 0 revisions.
 *
 * @param classpath whether the path is looked up on the classpath
 * @param path      the path after the prefix: never empty; for the classpath without leading or trailing slashes
 */
public record ScriptLocation(boolean classpath, String path) {

    public static final String CLASSPATH = "classpath:";
    public static final String FILESYSTEM = "filesystem:";

    /** A prefix such as {@code bogus:} or {@code Classpath:}; one letter is a Windows drive ({@code C:\...}). */
    private static final Pattern PREFIX = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");

    /**
     * Reads one entry; {@code setting} names where it came from ({@code --locations}, {@code intellipost.locations})
     * for the message. Refuses an unknown prefix and an empty path ({@code filesystem:} would scan the working
     * directory, {@code classpath:} every classpath root).
     */
    public static ScriptLocation parse(String location, String setting) {
        String entry = location.strip();
        if (entry.startsWith(CLASSPATH)) {
            String path = trimSlashes(entry.substring(CLASSPATH.length()));
            if (path.isEmpty()) {
                throw empty(setting, location, "classpath:db/migrations");
            }
            return new ScriptLocation(true, path);
        }
        if (entry.startsWith(FILESYSTEM)) {
            String path = entry.substring(FILESYSTEM.length()).strip();
            if (path.isEmpty()) {
                throw empty(setting, location, "filesystem:src/main/resources/db/migrations");
            }
            return new ScriptLocation(false, path);
        }
        Matcher prefix = PREFIX.matcher(entry);
        if (prefix.find()) {
            String known = prefix.group(1).toLowerCase(Locale.ROOT);
            throw new ConfigurationException(setting + " has the location " + location + " with the unknown prefix "
                    + prefix.group(1) + ":; a location is classpath:<path>, filesystem:<path> or a plain path"
                    + (known.equals("classpath") || known.equals("filesystem") ? " (the prefix is lower case)" : ""));
        }
        if (entry.isEmpty()) {
            throw empty(setting, location, "filesystem:src/main/resources/db/migrations");
        }
        return new ScriptLocation(false, entry);
    }

    /** The entry as the user would write it: {@code classpath:db/migrations}, {@code filesystem:/srv/sql}. */
    public String display() {
        return (classpath ? CLASSPATH : FILESYSTEM) + path;
    }

    private static ConfigurationException empty(String setting, String location, String example) {
        return new ConfigurationException(setting + " has the location '" + location + "' with no path; name the"
                + " directory of the scripts, e.g. " + example);
    }

    private static String trimSlashes(String path) {
        String p = path.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
