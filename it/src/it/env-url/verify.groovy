import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    assert log.contains('Database ' + db.jdbcUrl() + ' as ' + db.user() + ' (environment development, schema public)')
    assert !log.contains('never_used')
    assert log.contains('Applied env1 Create event table')
    assert ItDatabase.rows(db, 'SELECT revision FROM intellipost_schema_history') == ['env1']
    return true
} finally {
    ItDatabase.drop(basedir)
}
