package com.intellipost.sample.migration;

/** The schema is not what this build expects, and the application must not serve; the message says what to run. */
public final class StartupRefusedException extends RuntimeException {

    public StartupRefusedException(String message) {
        super(message);
    }
}
