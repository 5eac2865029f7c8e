package com.intellipost.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acceptance 2: three replicas of the packaged jar, three JVMs started at the same moment on one empty database in
 * development, all migrate at startup. The core's advisory lock lets one apply each revision; all three serve.
 */
@ExtendWith(PostgresExtension.class)
class ConcurrentReplicasIT {

    private static final int REPLICAS = 3;
    private static final Pattern APPLIED = Pattern.compile("\\((\\d+) revision\\(s\\) applied by this process\\)");

    @Test
    void threeReplicasStartTogetherAndEachRevisionIsAppliedOnce(TestDatabase db) throws Exception {
        int revisions = DevelopmentStartupTest.REVISIONS.size();
        List<JarProcess> replicas = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> starters = new ArrayList<>();
            for (int i = 0; i < REPLICAS; i++) {
                int port = JarProcess.freePort();
                ports.add(port);
                Map<String, String> variables = TestVariables.forDatabase(db, "development");
                variables.put("INTELLIPOST_PORT", String.valueOf(port));
                String name = "replica-" + (i + 1);
                starters.add(new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    JarProcess process = JarProcess.start(name, variables);
                    synchronized (replicas) {
                        replicas.add(process);
                    }
                }));
            }
            starters.forEach(Thread::start);
            go.countDown(); // all three JVMs are launched at the same moment
            for (Thread t : starters) {
                t.join();
            }
            assertEquals(REPLICAS, replicas.size());

            for (int i = 0; i < REPLICAS; i++) {
                Http http = new Http(ports.get(i));
                Http.Response health = http.awaitHealthy(Duration.ofSeconds(90), () -> replicas.stream().allMatch(JarProcess::isAlive));
                assertNotNull(health, "replica on port " + ports.get(i) + " never answered:\n" + outputs(replicas));
                assertEquals(200, health.status(), health.body() + "\n" + outputs(replicas));
                assertEquals(List.of(DevelopmentStartupTest.HEAD),
                        DevelopmentStartupTest.strings(health.json().get("currentRevisions")));
            }

            assertEquals((long) revisions, db.count("SELECT 1 FROM intellipost_schema_history"), "one history row per revision");
            assertEquals((long) revisions, db.count("SELECT DISTINCT revision FROM intellipost_schema_history WHERE success"));
            assertEquals((long) revisions, db.count("SELECT 1 FROM intellipost_schema_audit WHERE action = 'upgrade'"),
                    "one upgrade audit row per revision: nothing ran twice, nothing failed");
            assertEquals(0L, db.count("SELECT 1 FROM intellipost_schema_audit WHERE outcome <> 'success'"));

            int appliedByAll = 0;
            for (JarProcess replica : replicas) {
                Matcher m = APPLIED.matcher(replica.output());
                if (m.find()) {
                    appliedByAll += Integer.parseInt(m.group(1));
                }
            }
            assertEquals(revisions, appliedByAll, "the replicas' logs add up to each revision once:\n" + outputs(replicas));

            Http.Response created = new Http(ports.get(2)).postJson("/api/posts", "{\"title\": \"t\", \"content\": \"c\"}");
            assertEquals(201, created.status());
            assertEquals(200, new Http(ports.get(0)).get("/api/posts/" + created.json().get("id").asLong()).status(),
                    "replicas share the database");
        } finally {
            for (JarProcess replica : replicas) {
                replica.close();
            }
        }
    }

    private static String outputs(List<JarProcess> replicas) {
        StringBuilder all = new StringBuilder();
        for (JarProcess r : replicas) {
            all.append("---\n").append(r.output());
        }
        return all.toString();
    }
}
