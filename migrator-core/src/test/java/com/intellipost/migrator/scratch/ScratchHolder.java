package com.intellipost.migrator.scratch;

import com.intellipost.migrator.Migrator;

/**
 * A JVM that creates a scratch database, prints its name and then exits without closing it ({@code exit}) or
 * waits to be killed ({@code wait}): what a run looks like to the shutdown hook and to the next run.
 */
public final class ScratchHolder {
    public static void main(String[] args) throws Exception {
        Migrator.Builder builder = Migrator.configure().isolated().url(args[0]).user(args[1]).set("connectTimeout", "5s");
        if (args.length > 3) {
            builder.password(args[3]);
        }
        ScratchDatabase scratch = ScratchDatabases.create(builder.load().configuration());
        System.out.println("CREATED " + scratch.name());
        System.out.flush();
        if (args[2].equals("wait")) {
            Thread.sleep(600_000);
        }
        System.exit(0);
    }
}
