package com.intellipost.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.sample.http.HealthHandler;
import com.intellipost.sample.http.HealthReport;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** {@code /health} when the database does not answer: 503 ("unavailable"), the same shape, and why. */
class HealthHandlerTest {

    @Test
    void unreachableDatabaseIsUnavailable() {
        DataSource down = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        throw new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        Migrator inspector = Migrator.configure().isolated().url("jdbc:postgresql://127.0.0.1:1/none").load();

        HealthReport report = new HealthHandler("production", down, inspector).check();

        assertEquals("unavailable", report.status());
        assertEquals("unreachable", report.database());
        assertFalse(report.atHead());
        assertTrue(report.error().contains("refused"), report.error());
        assertTrue(report.pendingRevisions().isEmpty());
    }
}
