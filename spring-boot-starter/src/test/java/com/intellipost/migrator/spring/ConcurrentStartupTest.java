package com.intellipost.migrator.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.intellipost.migrator.spring.example.ExampleApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two replicas of one application start at once on one database: the migrator's advisory lock lets one apply the
 * revisions while the other waits, then finds nothing left to do. Each revision counts its runs in a table.
 */
class ConcurrentStartupTest {

    @RegisterExtension
    static final StarterDatabase DB = new StarterDatabase(ConcurrentStartupTest.class);


    @Test
    void twoApplicationsStartedAtOnceApplyEachRevisionExactlyOnce() throws Exception {
        String[] dataSource = DB.dataSourceArguments();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<ConfigurableApplicationContext>> replicas = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                SpringApplication replica = new SpringApplicationBuilder(ExampleApplication.class)
                        .web(WebApplicationType.NONE).properties(dataSource)
                        .properties("intellipost.locations=classpath:db/concurrent", "example.greetings=false")
                        .build();
                // Spring Boot's logging system is one per JVM: two applications setting it up at the same moment
                // race (seen: "Unknown format 'CONSOLE_LOG_STRUCTURED_FORMAT_IS_UNDEFINED'"). Real replicas are
                // JVMs of their own; here the logging set up by the first test class serves both.
                replica.setListeners(replica.getListeners().stream()
                        .filter(l -> !(l instanceof LoggingApplicationListener)).toList());
                replicas.add(pool.submit(() -> {
                    go.await();
                    return replica.run();
                }));
            }
            go.countDown();
            for (Future<ConfigurableApplicationContext> replica : replicas) {
                replica.get(2, TimeUnit.MINUTES).close();
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(2L, DB.get().count("SELECT 1 FROM run_count"), "each revision ran once");
        assertEquals(1L, DB.get().count("SELECT 1 FROM run_count WHERE revision = 'cc0000000001'"));
        assertEquals(1L, DB.get().count("SELECT 1 FROM run_count WHERE revision = 'cc0000000002'"));
        assertEquals(2L, DB.get().count("SELECT 1 FROM intellipost_schema_audit WHERE action = 'upgrade'"),
                "one upgrade recorded per revision");
    }
}
