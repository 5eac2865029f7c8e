package com.intellipost.migrator.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What is a section marker, what only looks like one, and what is an ordinary comment. */
class ScriptMarkersTest {

    @Test
    void theExactSpellingsWithTrailingWhitespaceAllowed() {
        assertTrue(ScriptMarkers.isDownMarker("-- migrate:down"));
        assertTrue(ScriptMarkers.isDownMarker("-- migrate:down \t"));
        assertTrue(ScriptMarkers.isUpMarker("-- migrate:up"));
        assertFalse(ScriptMarkers.isDownMarker("--migrate:down"));
        assertFalse(ScriptMarkers.isDownMarker("--  migrate:down"));
        assertFalse(ScriptMarkers.isDownMarker(" -- migrate:down"));
        assertFalse(ScriptMarkers.isDownMarker("-- migrate:downgrade"));
        assertNull(ScriptMarkers.intendedMarker("-- migrate:down"));
        assertNull(ScriptMarkers.intendedMarker("-- migrate:up  "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-- migrate: down", "-- Migrate:down", "--migrate:down", "-- migrate:dwon", "-- MIGRATE:DOWN",
        "-- migrate :down", "--  migrate:down", "\t-- migrate:down", "  -- migrate:down", "-- migrate down",
        "-- migrate_down", "-- migrte:down", "-- migrate:down transaction:false", "-- migrate:downgrade",
        "--- migrate:down", "-- migrate:dowm"})
    void nearMissesOfTheDownMarker(String line) {
        assertEquals("-- migrate:down", ScriptMarkers.intendedMarker(line), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-- migrate: up", "-- Migrate:up", "--migrate:up", "-- migrate:pu", "-- MIGRATE:UP",
        "-- migrate :up", " -- migrate:up", "-- migrate up", "-- migrate:up transaction:false", "-- migrate:"})
    void nearMissesOfTheUpMarker(String line) {
        assertEquals("-- migrate:up", ScriptMarkers.intendedMarker(line), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-- migrate users to the new table", "-- migrations", "-- migrated from v1", "-- migrate",
        "-- revision: abc", "-- message: migrate down the road", "-- down_revision: none", "SELECT 1; -- migrate:down",
        "", "--", "-- integrate:up stream", "/* -- migrate:down */", "-- message: Table 5"})
    void ordinaryComments(String line) {
        assertNull(ScriptMarkers.intendedMarker(line), line);
    }
}
