package com.intellipost.migrator.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.script.Script;
import com.intellipost.migrator.script.ScriptLoadException;
import com.intellipost.migrator.script.ScriptSource;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Heads, order and validation of the revision graph, without a database. */
class RevisionGraphTest {

    private static Script script(String id, String... parents) {
        ScriptSource source = new ScriptSource() {
            @Override
            public String name() {
                return id + ".sql";
            }

            @Override
            public BufferedReader open() {
                return new BufferedReader(new StringReader(""));
            }
        };
        return new Script(id, List.of(parents), "", source, "0".repeat(64), true, Optional.empty(), true, 0,
                Set.of(), new Script.HeaderLines(1, 2, 0));
    }

    private static List<String> ids(List<Script> scripts) {
        return scripts.stream().map(Script::revision).toList();
    }

    @Test
    void orderIsTopologicalWithTiesByIdWhateverTheInputOrder() {
        List<Script> scripts = new ArrayList<>(Arrays.asList(script("a"), script("c", "a"), script("b", "a"),
                script("m", "b", "c"), script("d", "m")));
        Random random = new Random(42);
        for (int i = 0; i < 10; i++) {
            Collections.shuffle(scripts, random);
            RevisionGraph graph = RevisionGraph.of(scripts);
            assertEquals(List.of("a", "b", "c", "m", "d"), ids(graph.order()));
            assertEquals(List.of("d"), ids(graph.heads()));
        }
    }

    @Test
    void headsAncestorsDescendantsAndCurrent() {
        RevisionGraph graph = RevisionGraph.of(List.of(script("a"), script("b", "a"), script("c", "a")));
        assertEquals(List.of("b", "c"), ids(graph.heads()));
        assertEquals(Set.of("a", "b"), graph.ancestorsOf("b"));
        assertEquals(Set.of("a", "b", "c"), graph.descendantsOf("a"));
        assertEquals(List.of("b", "c"), graph.currentRevisions(Set.of("a", "b", "c")));
        assertEquals(List.of("a"), graph.currentRevisions(Set.of("a")));
    }

    @Test
    void problemsAreReportedWithFileAndLine() {
        String dup = assertThrows(ScriptLoadException.class,
                () -> RevisionGraph.of(List.of(script("a"), script("a")))).getMessage();
        assertTrue(dup.contains("a.sql:1") && dup.contains("also declared"), dup);
        String unknown = assertThrows(ScriptLoadException.class,
                () -> RevisionGraph.of(List.of(script("a", "zz")))).getMessage();
        assertTrue(unknown.contains("a.sql:2") && unknown.contains("zz"), unknown);
        String cycle = assertThrows(ScriptLoadException.class,
                () -> RevisionGraph.of(List.of(script("r"), script("x", "y"), script("y", "x")))).getMessage();
        assertTrue(cycle.contains("cycle") && cycle.contains("x.sql:2") && cycle.contains("y.sql:2"), cycle);
    }
}
