import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    assert log =~ /intellipost:[^:]+:check \(default\) @ check-reports-pending/
    assert log.contains('Checked 2 revision(s): single head pend2')
    assert log.contains('Validated: scripts and history agree')
    assert log.contains('1 revision(s) pending (run intellipost:migrate to apply them):')
    assert log.contains('  pend2 Create label table (src/main/resources/db/migrations/002_create_label.sql)')
    assert !log.contains('BUILD FAILURE')
    // check changes nothing
    assert ItDatabase.rows(db, 'SELECT revision FROM intellipost_schema_history') == ['pend1']
    return true
} finally {
    ItDatabase.drop(basedir)
}
