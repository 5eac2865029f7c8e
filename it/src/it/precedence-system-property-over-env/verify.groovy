import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    def nowhere = 'jdbc:postgresql://127.0.0.1:1/nowhere'
    def real = 'Database ' + db.jdbcUrl() + ' as ' + db.user() + ' (environment development, schema public)'
    int split = log.indexOf('prebuild.2.groovy')
    assert split > 0 : 'build.log should hold both invocations'
    def firstLog = log.substring(0, split)
    def secondLog = log.substring(split)
    // Invocation 1: only the variable names a database, and the build goes there and fails.
    assert firstLog.contains('Database ' + nowhere + ' as postgres (environment development, schema public)')
    assert firstLog.contains('Cannot connect to ' + nowhere + ' as postgres')
    assert firstLog.contains('BUILD FAILURE')
    assert !firstLog.contains(db.name())
    // Invocation 2: -Dintellipost.url wins; the variable's server is not even tried.
    assert secondLog.contains(real)
    assert !secondLog.contains(nowhere)
    assert !secondLog.contains('127.0.0.1:1/')
    assert secondLog.contains('Applied sysprop1 Create parcel table')
    assert secondLog.contains('Applied sysprop2 Create depot table')
    assert secondLog.contains('BUILD SUCCESS')
    assert ItDatabase.rows(db, 'SELECT revision, applied_by, success FROM intellipost_schema_history ORDER BY revision') ==
            ['sysprop1|' + db.user() + '|t', 'sysprop2|' + db.user() + '|t']
    assert ItDatabase.rows(db, "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('parcel', 'depot')") == ['2']
    return true
} finally {
    ItDatabase.drop(basedir)
}
