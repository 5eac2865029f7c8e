package com.intellipost.migrator.lock;

import com.intellipost.migrator.MigratorException;

/** Another migrator held the lock for longer than {@code lockWaitTimeout}. */
public class LockTimeoutException extends MigratorException {
    public LockTimeoutException(String message) {
        super(message);
    }
}
