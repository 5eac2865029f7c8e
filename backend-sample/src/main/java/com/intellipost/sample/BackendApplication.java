package com.intellipost.sample;

import com.intellipost.migrator.config.DatabaseUrl;
import com.intellipost.sample.http.HealthHandler;
import com.intellipost.sample.http.JsonHandler;
import com.intellipost.sample.http.NotFoundHandler;
import com.intellipost.sample.migration.Migrators;
import com.intellipost.sample.migration.StartupMigrations;
import com.intellipost.sample.posts.PostRepository;
import com.intellipost.sample.posts.PostsHandler;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: startup hook first (migrate or check), then the connection pool, then the HTTP server.
 * Nothing listens before the schema is known to be right.
 */
public final class BackendApplication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackendApplication.class);

    private final HikariDataSource pool;
    private final HttpServer server;
    private final ExecutorService executor;

    private BackendApplication(HikariDataSource pool, HttpServer server, ExecutorService executor) {
        this.pool = pool;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts the service. Throws {@link com.intellipost.sample.migration.StartupRefusedException} when the schema is
     * behind in a check-only environment, and {@link com.intellipost.migrator.MigratorException} when migrating fails.
     */
    public static BackendApplication start(AppConfig config) {
        StartupMigrations.run(config);
        HikariDataSource pool = pool(config);
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(4, config.poolSize()), threads());
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 0);
            server.createContext("/health", new JsonHandler(new HealthHandler(config.environment().id(), pool,
                    Migrators.forInspection(config, "3s"))));
            server.createContext(PostsHandler.PATH, new JsonHandler(new PostsHandler(new PostRepository(pool))));
            server.createContext("/", new JsonHandler(new NotFoundHandler()));
            server.setExecutor(executor);
            server.start();
            LOG.info("IntelliPost backend listening on http://{}:{} (environment {})", config.host(),
                    server.getAddress().getPort(), config.environment().id());
            return new BackendApplication(pool, server, executor);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            pool.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Cannot listen on " + config.host() + ":" + config.port() + ": "
                        + e.getMessage() + "; set " + AppConfig.PORT + " to a free port", io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The port the server listens on (useful with {@code INTELLIPOST_PORT=0}). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting requests, lets running ones finish for up to two seconds, closes the pool. */
    @Override
    public void close() {
        server.stop(2);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
        LOG.info("IntelliPost backend stopped");
    }

    private static HikariDataSource pool(AppConfig config) {
        DatabaseUrl url = config.database().requireApplication();
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("intellipost-app");
        hikari.setJdbcUrl(url.jdbcUrl());
        url.user().ifPresent(hikari::setUsername);
        url.password().ifPresent(hikari::setPassword);
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setConnectionTimeout(3_000); // a request (and /health) waits at most this long for a connection
        hikari.addDataSourceProperty("ApplicationName", "intellipost-backend-sample");
        return new HikariDataSource(hikari);
    }

    private static ThreadFactory threads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "http-" + count.incrementAndGet());
            thread.setDaemon(false);
            return thread;
        };
    }
}
