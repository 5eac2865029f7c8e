package com.intellipost.migrator.spring;

import com.intellipost.migrator.MigratorException;

/** {@code intellipost.on-startup=validate} found the database behind this build, or broken; nothing was changed. */
public class StartupRefusedException extends MigratorException {

    public StartupRefusedException(String message) {
        super(message);
    }
}
