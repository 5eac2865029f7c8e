package com.intellipost.migrator.spring;

import com.intellipost.migrator.MigratorException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows a migrator's failure at startup as its message, which says what to do, instead of a stack trace of
 * wrapped bean-creation exceptions.
 */
class MigratorFailureAnalyzer extends AbstractFailureAnalyzer<MigratorException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MigratorException cause) {
        return new FailureAnalysis(cause.getMessage(), "Do what the description says, then start the application"
                + " again. intellipost.on-startup (migrate, validate or none) chooses what happens at startup.", cause);
    }
}
