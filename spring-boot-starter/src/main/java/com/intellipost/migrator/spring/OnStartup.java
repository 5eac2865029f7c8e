package com.intellipost.migrator.spring;

/** What the application does with its migrations while it starts ({@code intellipost.on-startup}). */
public enum OnStartup {

    /** Applies the pending revisions before any bean that uses the database is created. */
    MIGRATE,

    /** Applies nothing; refuses to start while a revision is pending, failed or edited. */
    VALIDATE,

    /** Neither: migrations are someone else's job (a pre-deploy step), and the application starts regardless. */
    NONE
}
