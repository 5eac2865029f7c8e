package com.intellipost.migrator.graph;

import com.intellipost.migrator.script.Script;
import com.intellipost.migrator.script.ScriptLoadException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The revisions and their parent links. Validated on construction (duplicate ids, unknown parents, cycles), so
 * every graph that exists is well formed. Its topological order breaks ties by revision id: every environment
 * applies the same order.
 */
public final class RevisionGraph {

    private final Map<String, Script> byId;
    private final Map<String, List<String>> children;
    private final List<Script> order;
    private final Map<String, Integer> position;

    private RevisionGraph(Map<String, Script> byId, Map<String, List<String>> children, List<Script> order) {
        this.byId = byId;
        this.children = children;
        this.order = order;
        this.position = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i).revision(), i);
        }
    }

    /** Builds and validates the graph; throws {@link ScriptLoadException} listing every problem with file:line. */
    public static RevisionGraph of(Collection<Script> scripts) {
        List<String> problems = new ArrayList<>();
        Map<String, Script> byId = new LinkedHashMap<>();
        for (Script s : scripts) {
            Script earlier = byId.putIfAbsent(s.revision(), s);
            if (earlier != null) {
                problems.add(s.location() + ": revision " + s.revision() + " is also declared in " + earlier.location()
                        + "; give one of them a new id (mvn intellipost:new generates unique ids)");
            }
        }
        Map<String, List<String>> children = new HashMap<>();
        for (Script s : byId.values()) {
            for (String parent : s.downRevisions()) {
                if (!byId.containsKey(parent)) {
                    problems.add(s.parentLocation() + ": revision " + s.revision() + " names parent " + parent
                            + ", which no script declares; fix down_revision or restore the missing script");
                }
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s.revision());
            }
        }
        if (!problems.isEmpty()) {
            throw new ScriptLoadException(problems);
        }
        List<Script> order = topologicalOrder(byId, children);
        if (order.size() < byId.size()) {
            throw new ScriptLoadException(describeCycle(byId, order));
        }
        return new RevisionGraph(byId, children, order);
    }

    /** Kahn's algorithm with the ready set ordered by revision id. */
    private static List<Script> topologicalOrder(Map<String, Script> byId, Map<String, List<String>> children) {
        Map<String, Integer> missingParents = new HashMap<>();
        PriorityQueue<String> ready = new PriorityQueue<>();
        for (Script s : byId.values()) {
            missingParents.put(s.revision(), s.downRevisions().size());
            if (s.downRevisions().isEmpty()) {
                ready.add(s.revision());
            }
        }
        List<Script> order = new ArrayList<>(byId.size());
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(byId.get(id));
            for (String child : children.getOrDefault(id, List.of())) {
                if (missingParents.merge(child, -1, Integer::sum) == 0) {
                    ready.add(child);
                }
            }
        }
        return order;
    }

    private static String describeCycle(Map<String, Script> byId, List<Script> ordered) {
        Set<String> done = ordered.stream().map(Script::revision).collect(Collectors.toSet());
        // Walk parents from any unordered revision until one repeats: that is the cycle.
        String start = byId.keySet().stream().filter(id -> !done.contains(id)).sorted().findFirst().orElseThrow();
        List<String> path = new ArrayList<>();
        String current = start;
        while (!path.contains(current)) {
            path.add(current);
            current = byId.get(current).downRevisions().stream().filter(p -> !done.contains(p)).sorted()
                    .findFirst().orElseThrow();
        }
        List<String> cycle = path.subList(path.indexOf(current), path.size());
        return "Revisions form a cycle: " + cycle.stream()
                .map(id -> id + " (" + byId.get(id).parentLocation() + ")")
                .collect(Collectors.joining(" -> ")) + " -> " + current
                + "; one of these down_revision lines must name an older revision";
    }

    /** Every revision in upgrade order. */
    public List<Script> order() {
        return order;
    }

    public Optional<Script> find(String revision) {
        return Optional.ofNullable(byId.get(revision));
    }

    public int size() {
        return byId.size();
    }

    /** Revisions that no other revision names as a parent, by id. */
    public List<Script> heads() {
        return order.stream().filter(s -> !children.containsKey(s.revision()))
                .sorted(Comparator.comparing(Script::revision)).toList();
    }

    /** The revision and all its ancestors. */
    public Set<String> ancestorsOf(String revision) {
        return walk(revision, id -> byId.get(id).downRevisions());
    }

    /** The revision and all its descendants. */
    public Set<String> descendantsOf(String revision) {
        return walk(revision, id -> children.getOrDefault(id, List.of()));
    }

    private Set<String> walk(String start, java.util.function.Function<String, List<String>> next) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.push(start);
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (seen.add(id)) {
                next.apply(id).forEach(todo::push);
            }
        }
        return seen;
    }

    /** Revisions among {@code ids}, in upgrade order. */
    public List<Script> inOrder(Collection<String> ids) {
        Set<String> wanted = ids instanceof Set<String> set ? set : new HashSet<>(ids);
        return order.stream().filter(s -> wanted.contains(s.revision())).toList();
    }

    /** Position in upgrade order, for sorting. */
    public int positionOf(String revision) {
        Integer p = position.get(revision);
        return p == null ? Integer.MAX_VALUE : p;
    }

    /**
     * The applied revisions that nothing else applied builds on: what {@code info} shows as current.
     */
    public List<String> currentRevisions(Set<String> applied) {
        return applied.stream()
                .filter(id -> children.getOrDefault(id, List.of()).stream().noneMatch(applied::contains))
                .sorted(Comparator.comparingInt(this::positionOf).thenComparing(Comparator.naturalOrder()))
                .toList();
    }
}
