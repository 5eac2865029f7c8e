package com.intellipost.migrator.testing;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition for tests that watch another process or the server. */
public final class Await {

    private Await() {
    }

    /** Polls {@code condition} every 50 ms until it holds or {@code timeout} passes; true when it held. */
    public static boolean until(Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (Boolean.TRUE.equals(condition.call())) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
    }
}
