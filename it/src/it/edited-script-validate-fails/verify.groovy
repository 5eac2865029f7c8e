import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    def problem = 'Revision edit2 was edited after it was applied: src/main/resources/db/migrations/002_seed_settings.sql' +
            ' no longer matches the checksum in the history.'
    assert log.contains(problem)
    assert log.count(problem) >= 2 : 'both validate and migrate should report the edited revision'
    assert log =~ /intellipost:[^:]+:validate \(default-cli\)/
    assert log.contains('run repair')
    assert !log.contains('Applied 0 revision(s)')
    // the database keeps what was applied
    assert ItDatabase.rows(db, "SELECT value FROM setting WHERE key = 'currency'") == ['EUR']
    assert ItDatabase.rows(db, 'SELECT revision FROM intellipost_schema_history ORDER BY applied_at') == ['edit1', 'edit2']
    return true
} finally {
    ItDatabase.drop(basedir)
}
