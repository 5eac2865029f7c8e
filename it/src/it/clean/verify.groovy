import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    // 2: refused, naming the setting in Maven's terms
    assert log.contains('clean drops every object in schema public')
    assert log.contains('In Maven: -Dintellipost.cleanEnabled=true (or <cleanEnabled>true</cleanEnabled>).')
    // 3
    assert log.contains('clean is refused in production, whatever cleanEnabled says')
    // 4: the core's one line says what went
    assert log.contains('Cleaned schema public: dropped 3 table(s), 1 view(s); the history is empty, the audit table starts with this clean')
    // 5
    assert (log =~ /Applied clean1 Create note table/).size() == 2
    assert ItDatabase.rows(db, "SELECT count(*) FROM note") == ['2']
    assert ItDatabase.rows(db, "SELECT action || ':' || outcome FROM intellipost_schema_audit ORDER BY id") ==
            ['clean:success', 'upgrade:success']
    assert ItDatabase.rows(db, "SELECT detail FROM intellipost_schema_audit WHERE action = 'clean'") ==
            ['dropped 3 table(s), 1 view(s) in schema public; the 1 audit row(s) before this one went with the old audit table']
    return true
} finally {
    ItDatabase.drop(basedir)
}
