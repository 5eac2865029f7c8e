package com.intellipost.migrator.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.config.LintFailOn;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON document of DESIGN 2.11 and the text report. */
class LintReportTest {

    private static final Finding ODD = new Finding("ban-drop-table", Severity.ERROR, "4f1c2a9e7b3d",
            "db/migrations/a \"b\".sql", 8, "line one\nline \"two\" \\ tab\t", "DROP TABLE \"Acct\";\u0001");

    @Test
    void jsonHasEveryFieldAndEscapes() {
        String json = LintReport.json(new LintResult(List.of(ODD), List.of("4f1c2a9e7b3d"), 15, LintFailOn.ERROR));
        assertEquals("{\"findings\": [\n"
                + "  {\"rule\": \"ban-drop-table\", \"severity\": \"error\", \"revision\": \"4f1c2a9e7b3d\","
                + " \"file\": \"db/migrations/a \\\"b\\\".sql\", \"line\": 8,"
                + " \"message\": \"line one\\nline \\\"two\\\" \\\\ tab\\t\","
                + " \"fix\": \"DROP TABLE \\\"Acct\\\";\\u0001\"}\n"
                + "]}", json);
    }

    @Test
    void jsonOfRealFindingsParses(@TempDir Path dir) {
        LintFixture fixture = new LintFixture(dir);
        List<Finding> findings = fixture.lint("DROP TABLE \"Quoted\";", "ALTER TABLE acct ADD CONSTRAINT \"q\"\"x\" CHECK (n > 0);");
        assertEquals(2, findings.size(), findings::toString);
        String json = LintReport.json(new LintResult(findings, List.of("r1"), 15, LintFailOn.ERROR));
        Object parsed = new TinyJson(json).document();
        assertTrue(parsed instanceof java.util.Map<?, ?>, json);
        List<?> list = (List<?>) ((java.util.Map<?, ?>) parsed).get("findings");
        assertEquals(2, list.size());
        for (int i = 0; i < 2; i++) {
            java.util.Map<?, ?> f = (java.util.Map<?, ?>) list.get(i);
            assertEquals(List.of("rule", "severity", "revision", "file", "line", "message", "fix"),
                    List.copyOf(f.keySet()));
            assertEquals(findings.get(i).message(), f.get("message"));
            assertEquals(findings.get(i).fix(), f.get("fix"));
            assertEquals((double) findings.get(i).line(), f.get("line"));
        }
        assertEquals(java.util.Map.of("findings", List.of()),
                new TinyJson(LintReport.json(new LintResult(List.of(), List.of(), 15, LintFailOn.ERROR))).document());
    }

    @Test
    void textReport() {
        List<String> lines = LintReport.text(new LintResult(List.of(ODD), List.of("4f1c2a9e7b3d"), 15, LintFailOn.ERROR));
        assertEquals("error ban-drop-table db/migrations/a \"b\".sql:8 (revision 4f1c2a9e7b3d)", lines.get(0));
        assertTrue(lines.get(lines.size() - 1).startsWith("Lint: 1 error(s), 0 warning(s) in 1 revision(s)"),
                lines::toString);
        assertTrue(lines.get(lines.size() - 1).contains("failing"), lines::toString);
    }

    @Test
    void withTheTraceTheStatementsFollowTheFindingsAsTheDesignShowsThem() {
        StatementTrace rewrite = new StatementTrace("4f1c2a9e7b3d", "db/m/2.sql", 7, "ALTER TABLE acct ALTER COLUMN n"
                + " TYPE bigint", true, List.of(new RelationLock("public.acct", "AccessExclusiveLock", true),
                new RelationLock("public.acct_n_idx", "AccessExclusiveLock", false)), List.of("public.acct"),
                List.of("public.acct", "public.item"), List.of());
        StatementTrace untraced = new StatementTrace("5a", "db/m/3.sql", 6, "CREATE INDEX CONCURRENTLY i ON item (x)",
                false, List.of(new RelationLock("public.item", "ShareUpdateExclusiveLock", true)), List.of(), List.of(),
                List.of());
        LintResult result = new LintResult(List.of(ODD), List.of("4f1c2a9e7b3d", "5a"), 15, LintFailOn.ERROR,
                java.util.Optional.of(List.of(rewrite, untraced)));
        java.util.Map<?, ?> doc = (java.util.Map<?, ?>) new TinyJson(LintReport.json(result)).document();
        assertEquals(List.of("findings", "statements"), List.copyOf(doc.keySet()));
        List<?> statements = (List<?>) doc.get("statements");
        java.util.Map<?, ?> first = (java.util.Map<?, ?>) statements.get(0);
        assertEquals(List.of("revision", "file", "line", "sql", "transactional", "locks", "rewrites", "scans"),
                List.copyOf(first.keySet()));
        assertEquals(List.of(java.util.Map.of("relation", "public.acct", "mode", "AccessExclusiveLock"),
                java.util.Map.of("relation", "public.acct_n_idx", "mode", "AccessExclusiveLock")), first.get("locks"));
        assertEquals(7.0, first.get("line"));
        assertEquals(true, first.get("transactional"));
        assertEquals(List.of("public.acct"), first.get("rewrites"));
        assertEquals(List.of("public.acct", "public.item"), first.get("scans"));
        assertEquals(false, ((java.util.Map<?, ?>) statements.get(1)).get("transactional"));
        assertEquals(java.util.Map.of("findings", List.of(), "statements", List.of()), new TinyJson(LintReport.json(
                new LintResult(List.of(), List.of(), 15, LintFailOn.ERROR, java.util.Optional.of(List.of()))))
                .document(), "traced, nothing in scope");

        List<String> text = LintReport.traceTables(result);
        assertEquals(List.of("Trace of 4f1c2a9e7b3d (db/m/2.sql):",
                "  line  statement                                    locks blocking reads/writes  rewrite      scan        "
                        + "              verdict",
                "  7     ALTER TABLE acct ALTER COLUMN n TYPE bigint  public.acct AccessExclusive  public.acct  public.acct,"
                        + " public.item  ok",
                "Trace of 5a (db/m/3.sql), not traced: it runs outside a transaction; locks as PostgreSQL documents them:",
                "  line  statement                                locks blocking reads/writes  rewrite  scan  verdict",
                "  6     CREATE INDEX CONCURRENTLY i ON item (x)  -                            -        -     not traced"),
                text);
    }

    /** Just enough of a JSON reader to check the document: objects (ordered), arrays, strings, numbers. */
    private static final class TinyJson {
        private final String s;
        private int i;

        TinyJson(String s) {
            this.s = s;
        }

        Object document() {
            Object v = value();
            space();
            if (i != s.length()) {
                throw new IllegalArgumentException("trailing text at " + i);
            }
            return v;
        }

        private Object value() {
            space();
            char c = s.charAt(i);
            if (c == '{') {
                java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
                i++;
                space();
                if (s.charAt(i) == '}') {
                    i++;
                    return map;
                }
                do {
                    space();
                    String key = string();
                    space();
                    expect(':');
                    map.put(key, value());
                    space();
                } while (s.charAt(i++) == ',');
                if (s.charAt(i - 1) != '}') {
                    throw new IllegalArgumentException("expected } at " + (i - 1));
                }
                return map;
            }
            if (c == '[') {
                List<Object> list = new java.util.ArrayList<>();
                i++;
                space();
                if (s.charAt(i) == ']') {
                    i++;
                    return list;
                }
                do {
                    list.add(value());
                    space();
                } while (s.charAt(i++) == ',');
                if (s.charAt(i - 1) != ']') {
                    throw new IllegalArgumentException("expected ] at " + (i - 1));
                }
                return list;
            }
            if (c == '"') {
                return string();
            }
            for (Boolean b : List.of(true, false)) {
                if (s.startsWith(b.toString(), i)) {
                    i += b.toString().length();
                    return b;
                }
            }
            int start = i;
            while (i < s.length() && "-0123456789.eE+".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            return Double.parseDouble(s.substring(start, i));
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw new IllegalArgumentException("raw control character in a string at " + (i - 1));
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape at " + (i - 1));
                }
            }
        }

        private void expect(char c) {
            if (s.charAt(i++) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + (i - 1));
            }
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
