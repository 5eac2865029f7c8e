package com.intellipost.migrator.config;

import java.util.Locale;

/** {@code format}: results for people ({@code text}) or one JSON document on standard output for tools. */
public enum OutputFormat {
    TEXT, JSON;

    /** Reads {@code text} or {@code json}; {@code origin} names the setting in the error. */
    public static OutputFormat parse(String value, String origin) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(origin + "=" + value + " is not one of text, json");
        }
    }
}
