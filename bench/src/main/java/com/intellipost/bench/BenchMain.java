package com.intellipost.bench;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.TestRollbackResult;
import com.intellipost.migrator.lint.LintResult;
import com.intellipost.migrator.lint.Severity;
import com.intellipost.migrator.schema.SchemaSnapshot;
import com.intellipost.migrator.schema.SnapshotReader;
import com.intellipost.migrator.schema.SnapshotScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.Flyway;

/**
 * Runs every case side by side and prints one table. Arguments:
 * {@code --cases=apply,noop,info,lint,trace,plan,large,concurrent,snapshot,test-rollback,batch} (batch:
 * {@code --batch-rows=5000000})
 * (default all), {@code --sizes=1000,10000}, {@code --large-mb=200}, {@code --processes=16},
 * {@code --work=<dir>} (default target/bench-work).
 */
public final class BenchMain {

    private static final String PLUGIN_VERSION = System.getProperty("bench.pluginVersion", "0.1.0-SNAPSHOT");

    private final Path work;
    private final Results results = new Results();

    private BenchMain(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Set<String> cases = Set.of(option(args, "cases", "apply,noop,info,lint,trace,plan,large,concurrent,snapshot,"
                + "test-rollback").split(","));
        List<Integer> sizes = Arrays.stream(option(args, "sizes", "1000,10000").split(","))
                .map(Integer::parseInt).toList();
        BenchMain bench = new BenchMain(Files.createDirectories(Path.of(option(args, "work", "target/bench-work"))));
        BenchDatabase.dropLeftovers();
        bench.warmUp();
        for (int n : sizes) {
            Workload w = Workload.generate(bench.work, n);
            if (cases.contains("apply") || cases.contains("noop") || cases.contains("info")) {
                bench.apply(w, cases.contains("apply"));
            }
            if (cases.contains("noop")) {
                bench.nothingToDo(w);
            }
            if (cases.contains("info") && n == sizes.get(sizes.size() - 1)) {
                bench.validateAndInfo(w);
            }
            if (cases.contains("lint")) {
                bench.lint(n);
            }
            if (cases.contains("trace") && n <= 1000) {
                bench.trace(n);
            }
            if (cases.contains("plan")) {
                bench.plan(w);
            }
            if (cases.contains("snapshot")) {
                bench.snapshot(w);
            }
            if (cases.contains("test-rollback")) {
                bench.testRollback(w);
            }
        }
        if (cases.contains("large")) {
            bench.large(Long.parseLong(option(args, "large-mb", "200")) * 1_000_000L);
        }
        if (cases.contains("batch")) {
            new BatchBench(bench.work, bench.results).run(Integer.parseInt(option(args, "batch-rows", "5000000")));
        }
        if (cases.contains("concurrent")) {
            bench.concurrent(Workload.generate(bench.work, sizes.get(0)), Integer.parseInt(option(args, "processes", "16")));
        }
        BenchDatabase.dropAll();
        String report = "Run " + LocalDate.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + "\n\n" + bench.results.table();
        Files.writeString(bench.work.resolve("results.md"), report);
        System.out.println();
        System.out.println(report);
    }

    /** JIT warm-up for both in-process tools, so the first measured case is not a cold start. */
    private void warmUp() throws Exception {
        Workload w = Workload.generate(work, 100);
        for (int i = 0; i < 2; i++) {
            Migrator.configure().isolated().url(BenchDatabase.fresh("bench_warm_ip" + suffix(i)))
                    .locations("filesystem:" + w.intellipostDir()).load().migrate();
            flyway(BenchDatabase.fresh("bench_warm_fw" + suffix(i)), w).migrate();
        }
    }

    /**
     * Each tool applies the workload to a new database, after a checkpoint, so that no run pays for the writes of
     * the one before; databases are dropped only at the end (on this machine, a run right after a large DROP
     * DATABASE can take twice as long: the server's backend spends seconds more in the kernel). Three rounds, each
     * starting with a different tool; the best is reported with the range. Above N=1,000 Flyway runs in the first
     * round only (it takes minutes there).
     */
    private void apply(Workload w, boolean record) throws Exception {
        String c = "apply N=" + w.n();
        MavenProject maven = MavenProject.create(work, w, PLUGIN_VERSION);
        Map<String, Timed> tools = new LinkedHashMap<>();
        int[] round = {0};
        tools.put("psql (1 tx per migration)", () -> psql(w, "bench_psql_" + w.n() + suffix(round[0])));
        // The migrator commits a run's migrations without waiting for each flush (one flush ends the run): the
        // same setting for psql shows how much of the floor is waiting for the disk.
        tools.put("psql, synchronous_commit=off", () -> psql(w, "bench_psql_async_" + w.n() + suffix(round[0]), "-c",
                "SET synchronous_commit = off"));
        tools.put("IntelliPost (library)", () -> timed(BenchDatabase.fresh("bench_ip_" + w.n() + suffix(round[0])), url ->
                Migrator.configure().isolated().url(url).locations("filesystem:" + w.intellipostDir()).load().migrate()));
        tools.put("IntelliPost (mvn intellipost:migrate)", () -> timed(BenchDatabase.fresh("bench_mvn_" + w.n() + suffix(round[0])), url ->
                maven.run(work.resolve("mvn-apply.log"), "intellipost:migrate", "-Dintellipost.url=" + url)));
        tools.put("Flyway " + flywayVersion() + " (library)", () -> timed(BenchDatabase.fresh("bench_fw_" + w.n() + suffix(round[0])),
                url -> flyway(url, w).migrate()));
        String flyway = "Flyway " + flywayVersion() + " (library)";
        Map<String, List<Double>> times = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(tools.keySet());
        for (round[0] = 0; round[0] < 3; round[0]++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((i + round[0]) % names.size());
                if (round[0] == 0 || w.n() <= 1000 || !name.equals(flyway)) {
                    times.computeIfAbsent(name, k -> new ArrayList<>()).add(tools.get(name).seconds());
                }
            }
        }
        if (record) {
            Map<String, String> notes = Map.of("psql (1 tx per migration)", "one connection, -f",
                    "psql, synchronous_commit=off", "the same without waiting for each flush",
                    "IntelliPost (mvn intellipost:migrate)", "Maven start included");
            for (String name : names) {
                String note = notes.getOrDefault(name, "");
                if (times.get(name).size() > 1) {
                    note = (note.isEmpty() ? "" : note + "; ") + "best of " + range(times.get(name));
                }
                results.add(c, name, Collections.min(times.get(name)), note);
            }
        }
    }

    /** The first round's databases have the plain names, which the nothing-to-do and info cases use. */
    private static String suffix(int round) {
        return round == 0 ? "" : "_r" + round;
    }

    /** One timed run of a tool. */
    private interface Timed {
        double seconds() throws Exception;
    }

    /** Work on a database.  */
    private interface OnDatabase {
        void run(String url) throws Exception;
    }

    /** Seconds {@code work} takes on {@code url}, measured after a checkpoint. */
    private static double timed(String url, OnDatabase work) throws Exception {
        BenchDatabase.checkpoint();
        long start = System.nanoTime();
        work.run(url);
        return (System.nanoTime() - start) / 1e9;
    }

    /** psql running the workload's script on a new database, after {@code before}. */
    private double psql(Workload w, String db, String... before) throws Exception {
        BenchDatabase.fresh(db);
        List<String> psql = new ArrayList<>(List.of("psql", "-X", "-q"));
        psql.addAll(List.of(BenchDatabase.psqlArgs(db)));
        psql.addAll(List.of(before));
        psql.addAll(List.of("-f", w.psqlScript().toString()));
        BenchDatabase.checkpoint();
        return Processes.run(psql, work.resolve("psql.log"), "psql");
    }

    private void nothingToDo(Workload w) throws Exception {
        String c = "nothing to do N=" + w.n();
        String ipUrl = BenchDatabase.urlOf("bench_ip_" + w.n());
        String fwUrl = BenchDatabase.urlOf("bench_fw_" + w.n());
        inProcess(c, "IntelliPost (library)", () ->
                Migrator.configure().isolated().url(ipUrl).locations("filesystem:" + w.intellipostDir()).load().migrate());
        inProcess(c, "Flyway " + flywayVersion() + " (library)", () -> flyway(fwUrl, w).migrate());
        MavenProject maven = MavenProject.create(work, w, PLUGIN_VERSION);
        String mvnUrl = BenchDatabase.urlOf("bench_mvn_" + w.n());
        List<Double> validate = runs(() -> maven.run(work.resolve("mvn-validate.log"), "validate"), 0);
        List<Double> migrate = runs(() -> maven.run(work.resolve("mvn-noop.log"), "intellipost:migrate",
                "-Dintellipost.url=" + mvnUrl), 0);
        results.add(c, "mvn validate (same project)", median(validate), "Maven start only; median of " + range(validate));
        results.add(c, "IntelliPost (mvn intellipost:migrate)", median(migrate), String.format(
                "%+.3f s over mvn validate; median of %s", median(migrate) - median(validate), range(migrate)));
    }

    private void validateAndInfo(Workload w) throws Exception {
        String ipUrl = BenchDatabase.urlOf("bench_ip_" + w.n());
        String fwUrl = BenchDatabase.urlOf("bench_fw_" + w.n());
        inProcess("validate N=" + w.n(), "IntelliPost (library)", () ->
                Migrator.configure().isolated().url(ipUrl).locations("filesystem:" + w.intellipostDir()).load().validate());
        inProcess("validate N=" + w.n(), "Flyway " + flywayVersion() + " (library)", () -> flyway(fwUrl, w).validate());
        inProcess("info N=" + w.n(), "IntelliPost (library)", () ->
                Migrator.configure().isolated().url(ipUrl).locations("filesystem:" + w.intellipostDir()).load().info());
        inProcess("info N=" + w.n(), "Flyway " + flywayVersion() + " (library)", () -> flyway(fwUrl, w).info().all());
    }

    /**
     * lint of N revisions of {@link Workload#mixed} in-process, without a database (every revision in scope), beside
     * validate of the same revisions against a database they were applied to; warm, as {@link #inProcess}.
     */
    private void lint(int n) throws Exception {
        Path dir = Workload.mixed(work, n);
        String locations = "filesystem:" + dir;
        String url = BenchDatabase.fresh("bench_lint_" + n);
        Migrator.configure().isolated().url(url).locations(locations).load().migrate();
        LintResult result = Migrator.configure().isolated().locations(locations).load().lint();
        if (result.revisions().size() != n) {
            throw new IllegalStateException("lint should have read " + n + " revisions, it read " + result.revisions().size());
        }
        String found = String.format("%d findings (%d errors, %d warnings) in %d statements",
                result.findings().size(), result.count(Severity.ERROR), result.count(Severity.WARNING),
                statements(dir));
        String c = "lint N=" + n;
        List<Double> lint = runs(() -> Migrator.configure().isolated().locations(locations).load().lint(), 3);
        results.add(c, "IntelliPost lint (library)", median(lint), "no database: every revision in scope; " + found
                + "; warm JVM; median of " + range(lint));
        inProcess(c, "IntelliPost validate (library)", () ->
                Migrator.configure().isolated().url(url).locations(locations).load().validate());
    }

    /**
     * {@code lint --trace=true} of N revisions of {@link Workload#mixed} against {@code migrate} of the same revisions,
     * in-process: each on a fresh database after a checkpoint (the trace with every revision in scope, on a scratch
     * database it creates and drops on the same server: both are timed). Three rounds, alternating which goes first;
     * the best of each with the range. One unmeasured trace of 100 revisions first warms that path up.
     */
    private void trace(int n) throws Exception {
        Path dir = Workload.mixed(work, n);
        String locations = "filesystem:" + dir;
        Migrator.configure().isolated().url(BenchDatabase.fresh("bench_trace_warm"))
                .locations("filesystem:" + Workload.mixed(work.resolve("warm"), 100)).set("trace", "true")
                .set("lintFailOn", "never").load().lint();
        long[] statements = {0};
        againstMigrate("trace N=" + n, locations, "bench_trace", "IntelliPost lint --trace=true (library)", url -> {
            LintResult r = Migrator.configure().isolated().url(url).locations(locations).set("trace", "true")
                    .set("lintFailOn", "never").load().lint();
            statements[0] = r.statements().orElseThrow().size();
        }, () -> statements[0] + " statements traced, scratch database created and dropped");
    }

    /**
     * {@code tool} against {@code migrate} of the same revisions, in-process: each on a fresh database after a
     * checkpoint. Three rounds, alternating which goes first; the best of each with the range, and the ratio round
     * by round.
     */
    private void againstMigrate(String benchCase, String locations, String prefix, String tool, OnDatabase run,
                                java.util.function.Supplier<String> detail) throws Exception {
        String migrate = "IntelliPost migrate (library)";
        Map<String, List<Double>> times = new LinkedHashMap<>(Map.of(migrate, new ArrayList<>(), tool, new ArrayList<>()));
        for (int round = 0; round < 3; round++) {
            String suffix = "_" + benchCase.replaceAll("\\D", "") + "_r" + round;
            Timed m = () -> timed(BenchDatabase.fresh(prefix + "_migrate" + suffix), url ->
                    Migrator.configure().isolated().url(url).locations(locations).load().migrate());
            Timed t = () -> timed(BenchDatabase.fresh(prefix + "_tool" + suffix), run);
            boolean migrateFirst = round % 2 == 0;
            times.get(migrateFirst ? migrate : tool).add((migrateFirst ? m : t).seconds());
            times.get(migrateFirst ? tool : migrate).add((migrateFirst ? t : m).seconds());
        }
        double best = Collections.min(times.get(migrate));
        results.add(benchCase, migrate, best, "fresh database; best of " + range(times.get(migrate)));
        List<String> perRound = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            perRound.add(String.format("%.2f", times.get(tool).get(i) / times.get(migrate).get(i)));
        }
        results.add(benchCase, tool, Collections.min(times.get(tool)), String.format("%.2f × migrate (round by round:"
                + " %s); %s; best of %s", Collections.min(times.get(tool)) / best, String.join(", ", perRound),
                detail.get(), range(times.get(tool))));
    }

    /**
     * A schema snapshot (what drift reads on each side, and test-rollback after its first step) of the workload's N
     * tables, each with a primary key, an index, a sequence and a default: a new reader each time (statement
     * prepared and planned), warm as {@link #inProcess}.
     */
    private void snapshot(Workload w) throws Exception {
        String url = BenchDatabase.fresh("bench_snap_" + w.n());
        Migrator.configure().isolated().url(url).locations("filesystem:" + w.intellipostDir()).load().migrate();
        try (var c = java.sql.DriverManager.getConnection(url)) {
            SchemaSnapshot[] last = new SchemaSnapshot[1];
            List<Double> times = runs(() -> {
                try (SnapshotReader reader = SnapshotReader.of(c, SnapshotScope.everySchema("public"))) {
                    last[0] = reader.read();
                }
            }, 3);
            results.add("snapshot N=" + w.n(), "IntelliPost (library)", median(times), last[0].size()
                    + " objects; warm JVM; median of " + range(times));
        }
    }

    /**
     * test-rollback of the workload's N revisions (up, down, up again, with a snapshot after each, on a scratch
     * database created and dropped by the command) beside migrate of the same revisions on a fresh database, in the
     * same JVM ({@link #againstMigrate}). An unmeasured test-rollback of 100 revisions first warms that path up.
     */
    private void testRollback(Workload w) throws Exception {
        String locations = "filesystem:" + w.intellipostDir();
        Workload small = Workload.generate(work, 100);
        Migrator.configure().isolated().url(BenchDatabase.fresh("bench_trb_warm")).locations("filesystem:"
                + small.intellipostDir()).load().testRollback();
        againstMigrate("test-rollback N=" + w.n(), locations, "bench_trb", "IntelliPost test-rollback (library)", url -> {
            TestRollbackResult result = Migrator.configure().isolated().url(url).locations(locations).load()
                    .testRollback();
            if (result.failed() || result.revisions().size() != w.n()) {
                throw new IllegalStateException("test-rollback of the workload should pass: " + result);
            }
        }, () -> "scratch database created and dropped included");
    }

    /**
     * plan of the workload's N revisions in-process, written to a file: from an empty database's history and offline
     * ({@code from=base}), beside validate of the same revisions against a database they were applied to (not
     * timed); warm, as {@link #inProcess}. Then psql applies the plan to a fresh database once, as a check at this
     * size (every revision in the history), beside psql running the workload's bare SQL.
     */
    private void plan(Workload w) throws Exception {
        String locations = "filesystem:" + w.intellipostDir();
        String empty = BenchDatabase.fresh("bench_plan_empty_" + w.n());
        String migrated = BenchDatabase.fresh("bench_plan_migrated_" + w.n());
        Migrator.configure().isolated().url(migrated).locations(locations).load().migrate();
        Path file = work.resolve("plan-" + w.n() + ".sql");
        String c = "plan N=" + w.n();
        List<Double> online = runs(() -> Migrator.configure().isolated().url(empty).locations(locations).load()
                .plan(null).writeTo(file), 3);
        String size = String.format("%.1f MB", Files.size(file) / 1e6);
        results.add(c, "IntelliPost plan (library), empty database", median(online), "every revision planned, "
                + size + " written, lint included; warm JVM; median of " + range(online));
        List<Double> offline = runs(() -> Migrator.configure().isolated().locations(locations).set("from", "base")
                .load().plan(null).writeTo(file), 3);
        results.add(c, "IntelliPost plan from=base (library)", median(offline), "no database; warm JVM; median of "
                + range(offline));
        inProcess(c, "IntelliPost validate (library)", () ->
                Migrator.configure().isolated().url(migrated).locations(locations).load().validate());
        String applied = "bench_plan_psql_" + w.n();
        BenchDatabase.fresh(applied);
        List<String> psql = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"));
        psql.addAll(List.of(BenchDatabase.psqlArgs(applied)));
        psql.addAll(List.of("-f", file.toString()));
        // The workload's bare SQL first, in the same conditions: what the plan's bookkeeping adds to psql's run
        String a = "plan N=" + w.n() + " run by psql";
        results.add(a, "psql (the same SQL alone, 1 tx per migration)", psql(w, "bench_plan_bare_" + w.n()),
                "one run, as the apply case's floor");
        BenchDatabase.checkpoint();
        double seconds = Processes.run(psql, work.resolve("psql-plan.log"), "psql -f plan");
        requireEachRevisionOnce(BenchDatabase.urlOf(applied), w.n());
        results.add(a, "psql -f plan.sql", seconds, "one run; lock, history check, history and audit rows;"
                + " each revision once in the history");
    }

    /** How many statements the revisions' up sections hold (one per line in {@link Workload#mixed}). */
    private static long statements(Path dir) throws IOException {
        long count = 0;
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String text = Files.readString(f);
                int end = text.indexOf("-- migrate:down");
                count += text.substring(text.indexOf("-- migrate:up"), end < 0 ? text.length() : end).lines()
                        .filter(l -> l.endsWith(";")).count();
            }
        }
        return count;
    }

    /**
     * An in-process command timed as a JVM that has been running it: three unmeasured runs (the JIT compiles the
     * path at this size), then the median of five.
     */
    private void inProcess(String benchCase, String tool, Action action) throws Exception {
        List<Double> times = runs(action, 3);
        results.add(benchCase, tool, median(times), "warm JVM; median of " + range(times));
    }

    private void large(long bytes) throws Exception {
        Path script = Workload.largeScript(work, bytes);
        String c = "script " + (Files.size(script) / 1_000_000) + " MB";
        BenchDatabase.fresh("bench_large_psql");
        List<String> psql = new ArrayList<>(List.of("psql", "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1"));
        psql.addAll(List.of(BenchDatabase.psqlArgs("bench_large_psql")));
        psql.addAll(List.of("-f", script.toString()));
        BenchDatabase.checkpoint();
        results.add(c, "psql (1 tx)", Processes.run(psql, work.resolve("psql-large.log"), "psql"), "");
        for (String tool : List.of("intellipost", "flyway")) {
            String db = "bench_large_" + tool;
            String url = BenchDatabase.fresh(db);
            Path log = work.resolve(tool + "-large.log");
            Path location = tool.equals("intellipost") ? script.getParent() : flywayCopy(script);
            String label = tool.equals("intellipost") ? "IntelliPost, -Xmx64m" : "Flyway " + flywayVersion() + ", -Xmx64m";
            try {
                BenchDatabase.checkpoint();
                double seconds = Processes.run(Processes.java("64m", HeapProbe.class.getName(), tool, url, location.toString()),
                        log, label);
                String peak = Files.readAllLines(log).stream().filter(l -> l.startsWith("PEAK_HEAP_BYTES="))
                        .map(l -> Long.parseLong(l.substring(16)) / (1024 * 1024) + " MiB peak heap").findFirst().orElse("");
                results.add(c, label, seconds, peak);
            } catch (IllegalStateException e) {
                boolean oom = Files.readString(log).contains("OutOfMemoryError");
                results.add(c, label, Double.NaN, oom ? "failed: OutOfMemoryError" : "failed: see " + log);
            }
        }
    }

    private Path flywayCopy(Path script) throws IOException {
        Path dir = Files.createDirectories(work.resolve("large-flyway"));
        Path copy = dir.resolve("V1__large.sql");
        if (!Files.exists(copy)) {
            Files.createLink(copy, script);
        }
        return dir;
    }

    /**
     * One process alone, then {@code processes} at once, on fresh databases; then the same processes again with
     * nothing to do, which is the floor of the case on this machine (only their start competes for the cores).
     * Three rounds; medians reported. The history is checked each time: each revision exactly once.
     */
    private void concurrent(Workload w, int processes) throws Exception {
        String c = processes + " processes N=" + w.n();
        List<Double> alone = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            alone.add(runAtOnce(cli(BenchDatabase.fresh("bench_conc_one" + suffix(round)), w), 1, "conc-one-"));
            String many = BenchDatabase.fresh("bench_conc_many" + suffix(round));
            List<String> cli16 = cli(many, w);
            all.add(runAtOnce(cli16, processes, "conc-"));
            requireEachRevisionOnce(many, w.n());
            floor.add(runAtOnce(cli16, processes, "conc-noop-"));
        }
        double one = median(alone);
        results.add(c, "IntelliPost, 1 process alone", one, "JVM start included; median of " + range(alone));
        results.add(c, "IntelliPost, " + processes + " at once", median(all), String.format(
                "%.2f × alone; %d history rows, each revision once; median of %s", median(all) / one, w.n(), range(all)));
        results.add(c, "IntelliPost, " + processes + " at once, nothing to do", median(floor), String.format(
                "%.2f × alone: the start-up cost of %d JVMs on %d cores; median of %s", median(floor) / one, processes,
                Runtime.getRuntime().availableProcessors(), range(floor)));
    }

    private static List<String> cli(String url, Workload w) {
        return Processes.java(null, "com.intellipost.migrator.cli.MigratorCommandLine", "migrate", "--url=" + url,
                "--locations=filesystem:" + w.intellipostDir());
    }

    private static void requireEachRevisionOnce(String url, int n) throws Exception {
        try (var conn = java.sql.DriverManager.getConnection(url); var s = conn.createStatement();
             var rs = s.executeQuery("SELECT count(*), count(DISTINCT revision) FROM intellipost_schema_history")) {
            rs.next();
            if (rs.getLong(1) != n || rs.getLong(2) != n) {
                throw new IllegalStateException("expected " + n + " history rows, one per revision, found "
                        + rs.getLong(1) + " rows for " + rs.getLong(2) + " revisions");
            }
        }
    }

    private static double median(List<Double> times) {
        List<Double> sorted = new ArrayList<>(times);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static String range(List<Double> times) {
        return String.format("%d runs, %.3f to %.3f s", times.size(), Collections.min(times), Collections.max(times));
    }

    /** Starts {@code processes} copies of {@code command} together; seconds until the last one has finished. */
    private double runAtOnce(List<String> command, int processes, String logPrefix) throws Exception {
        BenchDatabase.checkpoint();
        long start = System.nanoTime();
        List<Process> started = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            started.add(Processes.start(command, work.resolve(logPrefix + i + ".log"), null));
        }
        for (int i = 0; i < processes; i++) {
            Processes.await(started.get(i), work.resolve(logPrefix + i + ".log"), "process " + i);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static Flyway flyway(String url, Workload w) {
        return Flyway.configure().dataSource(url, null, null).locations("filesystem:" + w.flywayDir()).load();
    }

    private static String flywayVersion() {
        String v = Flyway.class.getPackage().getImplementationVersion();
        return v == null ? "13" : v;
    }

    private interface Action {
        void run() throws Exception;
    }

    /** Five timed runs after {@code warmUps} unmeasured ones, in seconds. */
    private static List<Double> runs(Action action, int warmUps) throws Exception {
        for (int i = 0; i < warmUps; i++) {
            action.run();
        }
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            action.run();
            times.add((System.nanoTime() - start) / 1e9);
        }
        return times;
    }

    private static String option(String[] args, String name, String fallback) {
        return Arrays.stream(args).filter(a -> a.startsWith("--" + name + "=")).map(a -> a.substring(name.length() + 3))
                .findFirst().orElse(fallback);
    }

}
