package com.intellipost.migrator.config;

import com.intellipost.migrator.MigratorException;

/** A setting is missing or invalid; the message names the setting and how to fix it. */
public class ConfigurationException extends MigratorException {
    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
