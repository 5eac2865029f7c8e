package com.intellipost.migrator.spring;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.config.Settings;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code intellipost.*} properties: every setting of the migrator (kebab-case,
 * {@code intellipost.lock-timeout=5s}), plus what the application does at startup. Values are handed to the migrator as its builder's, so
 * {@code -Dintellipost.<setting>} and the {@code INTELLIPOST_*} environment variables still win over them, as
 * everywhere else. Durations and names are written as the migrator reads them ({@code 500ms}, {@code 10min},
 * {@code production}), and it checks them.
 */
@ConfigurationProperties("intellipost")
public class IntelliPostProperties {

    /** What to do at startup; default migrate in development and testing, validate in staging and production. */
    private OnStartup onStartup;

    /** Where migrate at startup goes: head (default), heads, or a revision id. */
    private String target;

    /** A database URL of its own (a migration user with DDL rights); unset: the application's DataSource. */
    private String url;

    /** The user for intellipost.url (it may also be in the URL). */
    private String user;

    /** The password for intellipost.url (it may also be in the URL); never logged. */
    private String password;

    /** The schema of the history and audit tables. Default: public. */
    private String schema;

    /** Where the scripts are: classpath: or filesystem: locations. Default: classpath:db/migrations. */
    private List<String> locations;

    /** development (default), testing, staging or production. */
    private String environment;

    /** lock_timeout of each migration, e.g. 5s (default). */
    private String lockTimeout;

    /** statement_timeout of each migration; 0 (default) is none. */
    private String statementTimeout;

    /** Retries of a migration that hit lock_timeout. Default: 5. */
    private Integer lockRetries;

    /** How long to wait for another migrator's lock. Default: 10min. */
    private String lockWaitTimeout;

    /** How long to wait for a database that is not up yet. Default: 60s. */
    private String connectTimeout;

    /** per-migration (default) or all: the whole run in one transaction. */
    private String transactionMode;

    /** Whether clean may run (never in production). Default: false. */
    private Boolean cleanEnabled;

    /** error (default), warning or never: which lint findings fail lint and check. */
    private String lintFailOn;

    /** A revision that lint leaves out, with its ancestors. */
    private String lintBaseline;

    /** Lint rule ids disabled for the project. */
    private List<String> lintDisabled;

    /** The PostgreSQL major version lint assumes without a database. */
    private Integer postgresVersion;

    /** text (default) or json: the form of command output meant for tools. */
    private String format;

    /** The server scratch databases go on (lint with trace, test-rollback, drift); default: the configured one. */
    private String devUrl;

    /** The core's requireDown setting, for test-rollback. Default: false. */
    private Boolean requireDown;

    /** Whether lint adds the traced analysis on a scratch database. Default: false. */
    private Boolean trace;

    /** pg_dump or none: the backup taken before a migrate or downgrade with work to do. Default: pg_dump in production, none elsewhere. */
    private String backup;

    /** Where backups are written. Default: intellipost-backups. */
    private String backupDirectory;

    /** The pg_dump program. Default: pg_dump on the PATH. */
    private String pgDumpPath;

    /**
     * Hands every property that is set to {@code builder} as a builder value, by the core's own list of settings:
     * a setting the core has and this class lacks is left out here and caught by this module's tests.
     */
    void applyTo(Migrator.Builder builder) {
        BeanWrapper properties = new BeanWrapperImpl(this);
        for (String key : Settings.KEYS) {
            if (properties.isReadableProperty(key)) {
                builder.set(key, text(properties.getPropertyValue(key)));
            }
        }
    }

    private static String text(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return value == null ? null : value.toString();
    }

    public OnStartup getOnStartup() {
        return onStartup;
    }

    public void setOnStartup(OnStartup onStartup) {
        this.onStartup = onStartup;
    }

    public String getTarget() {
        return target;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public List<String> getLocations() {
        return locations;
    }

    public void setLocations(List<String> locations) {
        this.locations = locations;
    }

    public String getEnvironment() {
        return environment;
    }

    public void setEnvironment(String environment) {
        this.environment = environment;
    }

    public String getLockTimeout() {
        return lockTimeout;
    }

    public void setLockTimeout(String lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    public String getStatementTimeout() {
        return statementTimeout;
    }

    public void setStatementTimeout(String statementTimeout) {
        this.statementTimeout = statementTimeout;
    }

    public Integer getLockRetries() {
        return lockRetries;
    }

    public void setLockRetries(Integer lockRetries) {
        this.lockRetries = lockRetries;
    }

    public String getLockWaitTimeout() {
        return lockWaitTimeout;
    }

    public void setLockWaitTimeout(String lockWaitTimeout) {
        this.lockWaitTimeout = lockWaitTimeout;
    }

    public String getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(String connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public String getTransactionMode() {
        return transactionMode;
    }

    public void setTransactionMode(String transactionMode) {
        this.transactionMode = transactionMode;
    }

    public Boolean getCleanEnabled() {
        return cleanEnabled;
    }

    public void setCleanEnabled(Boolean cleanEnabled) {
        this.cleanEnabled = cleanEnabled;
    }

    public String getLintFailOn() {
        return lintFailOn;
    }

    public void setLintFailOn(String lintFailOn) {
        this.lintFailOn = lintFailOn;
    }

    public String getLintBaseline() {
        return lintBaseline;
    }

    public void setLintBaseline(String lintBaseline) {
        this.lintBaseline = lintBaseline;
    }

    public List<String> getLintDisabled() {
        return lintDisabled;
    }

    public void setLintDisabled(List<String> lintDisabled) {
        this.lintDisabled = lintDisabled;
    }

    public Integer getPostgresVersion() {
        return postgresVersion;
    }

    public void setPostgresVersion(Integer postgresVersion) {
        this.postgresVersion = postgresVersion;
    }

    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = format;
    }

    public String getDevUrl() {
        return devUrl;
    }

    public void setDevUrl(String devUrl) {
        this.devUrl = devUrl;
    }

    public Boolean getRequireDown() {
        return requireDown;
    }

    public void setRequireDown(Boolean requireDown) {
        this.requireDown = requireDown;
    }

    public Boolean getTrace() {
        return trace;
    }

    public void setTrace(Boolean trace) {
        this.trace = trace;
    }

    public String getBackup() {
        return backup;
    }

    public void setBackup(String backup) {
        this.backup = backup;
    }

    public String getBackupDirectory() {
        return backupDirectory;
    }

    public void setBackupDirectory(String backupDirectory) {
        this.backupDirectory = backupDirectory;
    }

    public String getPgDumpPath() {
        return pgDumpPath;
    }

    public void setPgDumpPath(String pgDumpPath) {
        this.pgDumpPath = pgDumpPath;
    }
}
