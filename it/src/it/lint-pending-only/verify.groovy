import com.intellipost.migrator.it.ItDatabase
import groovy.json.JsonSlurper

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    int split = log.indexOf(':lint (default-cli) @ lint-pending-only')
    assert split > 0 : 'build.log should hold both invocations'
    def migrateLog = log.substring(0, split)
    def lintLog = log.substring(split)
    assert migrateLog.contains('Applied pend_lint1 Replace the legacy parcel table')
    assert migrateLog.contains('BUILD SUCCESS')

    def file = 'src/main/resources/db/migrations/002_parcel_customer_fk.sql'
    assert lintLog.contains('Database ' + db.jdbcUrl() + ' as ' + db.user())
    assert lintLog.contains('[ERROR] error constraint-missing-not-valid ' + file + ':6 (revision pend_lint2)')
    assert lintLog.contains('takes a SHARE ROW EXCLUSIVE lock on parcel and customer')
    assert lintLog.contains('Fix: ALTER TABLE parcel ADD CONSTRAINT parcel_customer_fk FOREIGN KEY (customer_id)'
            + ' REFERENCES customer (id) NOT VALID; then, in a later revision: ALTER TABLE parcel VALIDATE CONSTRAINT'
            + ' parcel_customer_fk;')
    // the applied revision would give ban-drop-table and missing-down-section: out of scope
    assert !lintLog.contains('ban-drop-table')
    assert !lintLog.contains('missing-down-section')
    assert !lintLog.contains('pend_lint1')
    // the connected server's version wins over postgresVersion (default 15)
    def major = ItDatabase.rows(db, "SELECT current_setting('server_version_num')::int / 10000")[0]
    assert lintLog.contains('Lint: 1 error(s), 0 warning(s) in 1 revision(s) (rules for PostgreSQL ' + major
            + '); failing (lintFailOn=error)')
    assert lintLog.contains('BUILD FAILURE')

    def findings = new JsonSlurper().parse(new File(basedir, 'target/intellipost/lint.json')).findings
    assert findings.collect { [it.rule, it.severity, it.revision, it.file, it.line] } ==
            [['constraint-missing-not-valid', 'error', 'pend_lint2', file, 6]]
    // lint changes nothing
    assert ItDatabase.rows(db, 'SELECT revision FROM intellipost_schema_history') == ['pend_lint1']
    assert ItDatabase.rows(db, "SELECT count(*) FROM pg_constraint WHERE conname = 'parcel_customer_fk'") == ['0']
    return true
} finally {
    ItDatabase.drop(basedir)
}
