package com.intellipost.migrator.plan;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The migrator's version, as the build wrote it into {@code version.properties}. */
final class ToolVersion {

    private static final String VERSION = read();

    private ToolVersion() {
    }

    static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = ToolVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "");
            // unfiltered (run from sources without Maven's resource step): say so rather than print the placeholder
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
