package com.intellipost.bench;

import com.intellipost.migrator.Migrator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import org.flywaydb.core.Flyway;

/**
 * Child JVM main for the large-script case: migrates with one tool, then prints the peak heap (sum of the heap
 * pools' peaks, an upper bound) as {@code PEAK_HEAP_BYTES=<n>}.
 */
public final class HeapProbe {

    private HeapProbe() {
    }

    public static void main(String[] args) {
        String tool = args[0];
        String url = args[1];
        String location = args[2];
        if (tool.equals("intellipost")) {
            Migrator.configure().isolated().url(url).locations("filesystem:" + location).load().migrate();
        } else {
            Flyway.configure().dataSource(url, null, null).locations("filesystem:" + location)
                    .sqlMigrationPrefix("V").load().migrate();
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("PEAK_HEAP_BYTES=" + peak);
    }
}
