import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    int split = log.indexOf('prebuild.2.groovy')
    assert split > 0 : 'build.log should hold both invocations'
    def migrateLog = log.substring(0, split)
    def checkLog = log.substring(split)
    assert migrateLog.contains('Applied sum1 Create route table')
    assert migrateLog.contains('Applied sum2 Create stop table')
    assert migrateLog.contains('BUILD SUCCESS')

    assert checkLog =~ /intellipost:[^:]+:check \(default\) @ check-fails-on-checksum-mismatch/
    assert checkLog.contains('Database ' + db.jdbcUrl() + ' as ' + db.user() + ' (environment development, schema public)')
    assert checkLog.contains('Revision sum1 was edited after it was applied: src/main/resources/db/migrations/001_create_route.sql'
            + ' no longer matches the checksum in the history.')
    assert checkLog.contains('Restore the applied version of the file, or put the change in a new revision')
    assert checkLog.contains('run repair')
    assert !checkLog.contains('Validated: scripts and history agree')
    assert !checkLog.contains('sum2 was edited')
    assert checkLog.contains('BUILD FAILURE')
    // check changes nothing: the history and the table keep what was applied
    assert ItDatabase.rows(db, 'SELECT revision, success FROM intellipost_schema_history ORDER BY revision') == ['sum1|t', 'sum2|t']
    assert ItDatabase.rows(db, "SELECT column_name FROM information_schema.columns WHERE table_name = 'route' ORDER BY ordinal_position") ==
            ['id', 'origin']
    return true
} finally {
    ItDatabase.drop(basedir)
}
