package com.intellipost.migrator.execute;

import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.script.Script;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says what a long revision is doing. When a revision has run for {@link #DEFAULT_INTERVAL} (and then every
 * interval until it ends), a daemon thread asks the server, on a connection of its own opened only then, about the
 * work session: its statement and how long it has run; the phase and blocks or tuples done of
 * {@code pg_stat_progress_create_index}, {@code _cluster} (PostgreSQL 12+), {@code _copy} (14+) and
 * {@code _vacuum}; or, while it waits for a lock, the sessions that block it ({@code pg_blocking_pids}) with their
 * application_name, state and query start. Quick revisions cost nothing but a timer task.
 */
final class ProgressMonitor implements AutoCloseable {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(ProgressMonitor.class);
    private static final int QUERY_CHARS = 80;
    /**
     * Tests shorten it ({@code -Dintellipost.progressIntervalMs=300}, not a setting) to see a lock-wait report quickly;
     * the acceptance test keeps the real 5 s.
     */
    private static final Duration INTERVAL = Duration.ofMillis(Long.getLong("intellipost.progressIntervalMs",
            DEFAULT_INTERVAL.toMillis()));

    private final Configuration configuration;
    private final int workPid;
    private final Supplier<Connection> connections;
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> pending;
    private Connection connection; // used by the timer thread only
    private boolean unavailable;
    private volatile boolean batching; // a batched statement runs: BatchRunner reports it, one report is enough

    ProgressMonitor(Configuration configuration, int workPid, Supplier<Connection> connections) {
        this.configuration = configuration;
        this.workPid = workPid;
        this.connections = connections;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "intellipost-progress");
            t.setDaemon(true); // never keeps a JVM alive
            return t;
        });
    }

    /** A revision starts: report on it after the interval, then every interval, until {@link #finished()}. */
    synchronized void started(Script script) {
        finished();
        if (workPid == 0) {
            return; // the connection did not say which session it is: nothing to ask the server about
        }
        long startNanos = System.nanoTime();
        long every = INTERVAL.toMillis();
        pending = timer.scheduleWithFixedDelay(() -> report(script, startNanos), every, every, TimeUnit.MILLISECONDS);
    }

    synchronized void finished() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    /** While batches run, their runner reports on them (done/total, rate, ETA) and this keeps quiet. */
    void batching(boolean running) {
        batching = running;
    }

    private void report(Script script, long startNanos) {
        if (unavailable || batching) {
            return;
        }
        try {
            if (connection == null) {
                connection = connections.get();
            }
            String what = describe();
            if (what != null) {
                long seconds = Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
                LOG.info("{} ({}) still running after {} s: {}", script.revision(), script.source().name(), seconds,
                        what);
            }
        } catch (SQLException | RuntimeException e) {
            unavailable = true; // progress is a courtesy: never fail or slow the run for it
            LOG.warn("Cannot report the progress of {}: {}", script.revision(), configuration.redact(e.getMessage()));
        }
    }

    /** One line about the work session, or null when it is not running a statement. */
    private String describe() throws SQLException {
        int major = connection.getMetaData().getDatabaseMajorVersion();
        StringBuilder sql = new StringBuilder("SELECT a.state, a.wait_event_type, a.wait_event, a.query,"
                + " extract(epoch FROM clock_timestamp() - a.query_start)::bigint,"
                + " (SELECT string_agg('pid ' || b.pid || ' (' || coalesce(nullif(b.application_name, ''),"
                + " 'no application_name') || ', ' || coalesce(b.state, 'state unknown') || ', query started '"
                + " || coalesce(to_char(b.query_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC', 'unknown')"
                + " || ')', ', ' ORDER BY b.pid) FROM pg_stat_activity b WHERE b.pid = ANY (pg_blocking_pids(a.pid))),"
                + " v.phase, v.heap_blks_scanned, v.heap_blks_total");
        List<String> joins = new ArrayList<>(List.of(" LEFT JOIN pg_stat_progress_vacuum v ON v.pid = a.pid"));
        if (major >= 12) {
            sql.append(", ci.command, ci.phase, ci.blocks_done, ci.blocks_total, ci.tuples_done, ci.tuples_total,"
                    + " ci.lockers_done, ci.lockers_total, cl.command, cl.phase, cl.heap_blks_scanned,"
                    + " cl.heap_blks_total, cl.heap_tuples_written");
            joins.add(" LEFT JOIN pg_stat_progress_create_index ci ON ci.pid = a.pid");
            joins.add(" LEFT JOIN pg_stat_progress_cluster cl ON cl.pid = a.pid");
        }
        if (major >= 14) {
            sql.append(", cp.command, cp.type, cp.bytes_processed, cp.bytes_total, cp.tuples_processed");
            joins.add(" LEFT JOIN pg_stat_progress_copy cp ON cp.pid = a.pid");
        }
        sql.append(" FROM pg_stat_activity a").append(String.join("", joins)).append(" WHERE a.pid = ?");
        try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
            ps.setQueryTimeout(10);
            ps.setInt(1, workPid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !"active".equals(rs.getString(1))) {
                    return null;
                }
                String statement = "statement running " + rs.getLong(5) + " s: " + shorten(rs.getString(4));
                String progress = major >= 14 ? copy(rs) : null;
                if (progress == null && major >= 12) {
                    progress = createIndex(rs);
                    if (progress == null) {
                        progress = cluster(rs);
                    }
                }
                if (progress == null) {
                    progress = vacuum(rs);
                }
                String blockers = rs.getString(6);
                if (blockers != null) {
                    String waitingFor = rs.getString(2) == null ? "a lock" : "a lock (" + rs.getString(2)
                            + (rs.getString(3) == null ? "" : " " + rs.getString(3)) + ")";
                    return statement + "; waiting for " + waitingFor + " held by " + blockers
                            + (progress == null ? "" : "; " + progress);
                }
                if (progress != null) {
                    return statement + "; " + progress;
                }
                return statement + (rs.getString(2) == null ? "" : "; waiting on " + rs.getString(2)
                        + (rs.getString(3) == null ? "" : " " + rs.getString(3)));
            }
        }
    }

    private static String vacuum(ResultSet rs) throws SQLException {
        String phase = rs.getString(7);
        return phase == null ? null : "VACUUM: " + phase + done(rs.getLong(8), rs.getLong(9), "heap blocks");
    }

    private static String createIndex(ResultSet rs) throws SQLException {
        String phase = rs.getString(11);
        if (phase == null) {
            return null;
        }
        long blocksTotal = rs.getLong(13);
        long tuplesTotal = rs.getLong(15);
        long lockersTotal = rs.getLong(17);
        String count = blocksTotal > 0 ? done(rs.getLong(12), blocksTotal, "blocks")
                : tuplesTotal > 0 ? done(rs.getLong(14), tuplesTotal, "tuples")
                : lockersTotal > 0 ? done(rs.getLong(16), lockersTotal, "lockers waited for") : "";
        return rs.getString(10) + ": " + phase + count;
    }

    private static String cluster(ResultSet rs) throws SQLException {
        String phase = rs.getString(19);
        if (phase == null) {
            return null;
        }
        long total = rs.getLong(21);
        return rs.getString(18) + ": " + phase + (total > 0 ? done(rs.getLong(20), total, "heap blocks")
                : ", " + rs.getLong(22) + " tuples written");
    }

    private static String copy(ResultSet rs) throws SQLException {
        String command = rs.getString(23);
        if (command == null) {
            return null;
        }
        long total = rs.getLong(26);
        return command + " " + rs.getString(24) + ": " + rs.getLong(27) + " tuples"
                + (total > 0 ? done(rs.getLong(25), total, "bytes") : ", " + rs.getLong(25) + " bytes");
    }

    /** {@code ", blocks 1200 of 44248 (2%)"}. */
    private static String done(long done, long total, String unit) {
        if (total <= 0) {
            return "";
        }
        return ", " + unit + " " + done + " of " + total + " (" + (done * 100 / total) + "%)";
    }

    private static String shorten(String query) {
        if (query == null) {
            return "";
        }
        String oneLine = query.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= QUERY_CHARS ? oneLine : oneLine.substring(0, QUERY_CHARS - 3) + "...";
    }

    @Override
    public void close() {
        finished();
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.debug("The progress thread is still in a query; closing its connection under it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the progress connection: {}", e.getMessage());
            }
        }
    }
}
