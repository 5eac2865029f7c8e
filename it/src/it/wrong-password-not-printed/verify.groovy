import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    // the server refused the password: the message names the database, the user and what to check
    assert log.contains("Cannot connect to ${db.jdbcUrl()} as ${db.user()}: FATAL: password authentication failed"
            + " for user \"${db.user()}\" [SQLSTATE 28P01]; the server refused the password of user ${db.user()}:"
            + ' check the password (intellipost.password or INTELLIPOST_DATABASE_PASSWORD, or the one in'
            + ' intellipost.url / INTELLIPOST_DATABASE_URL) and the user (intellipost.user or INTELLIPOST_DATABASE_USER)')
    assert log.contains('BUILD FAILURE')
    // the password in the URL and the one in the pom appear nowhere, not even in the stack traces (-e)
    assert !log.contains('Url-Secret-Pw-4711')
    assert !log.contains('Pom-Secret-Pw-0815')
    assert log.contains('Caused by:') || log.contains('\tat ') : 'expected -e stack traces in build.log'
    // the right password does get in, and nothing was applied
    assert ItDatabase.rows(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'vault'") == ['0']
    return true
} finally {
    ItDatabase.drop(basedir)
}
