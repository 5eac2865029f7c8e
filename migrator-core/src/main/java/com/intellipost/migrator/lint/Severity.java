package com.intellipost.migrator.lint;

import java.util.Locale;

/** How much a finding matters: an {@code error} fails {@code lint} and {@code check}; a {@code warning} is printed. */
public enum Severity {
    ERROR, WARNING;

    /** {@code error} or {@code warning}, as in the JSON document and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
