package com.intellipost.migrator.maven;

import com.intellipost.migrator.Migrator;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * A goal that works on a scratch database (DESIGN 2.12): one of its own, created on the server {@code devUrl}
 * names (else the configured url's server) and dropped at the end. The user needs CREATEDB there.
 */
public abstract class AbstractScratchMojo extends AbstractMigratorMojo {

    /**
     * A server (and database to connect to) where the goal may {@code CREATE DATABASE} its scratch database, e.g.
     * {@code jdbc:postgresql://localhost:5432/postgres}; also {@code INTELLIPOST_DEV_URL}. Default: the configured
     * url's server.
     */
    @Parameter(property = "intellipost.devUrl")
    private String devUrl;

    @Override
    protected void configureGoal(Migrator.Builder builder) {
        builder.set("devUrl", devUrl);
    }
}
