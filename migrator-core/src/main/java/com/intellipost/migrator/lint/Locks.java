package com.intellipost.migrator.lint;

/** How messages say which lock a statement takes and what it blocks (PostgreSQL's conflict table). */
final class Locks {

    private Locks() {
    }

    static String accessExclusive(ObjectName table) {
        return "takes an ACCESS EXCLUSIVE lock on " + table.raw() + ", which blocks every read and write of it";
    }

    static String share(ObjectName table) {
        return "takes a SHARE lock on " + table.raw() + ", which blocks its INSERT, UPDATE and DELETE (reads go on)";
    }

    static String shareRowExclusive(String tables) {
        return "takes a SHARE ROW EXCLUSIVE lock on " + tables + ", which blocks their INSERT, UPDATE and DELETE"
                + " (reads go on)";
    }
}
