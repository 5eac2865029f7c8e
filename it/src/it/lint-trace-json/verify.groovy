import com.intellipost.migrator.it.ItDatabase
import groovy.json.JsonSlurper

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    def first = 'src/main/resources/db/migrations/001_create_parcel.sql'
    def file = 'src/main/resources/db/migrations/002_widen_parcel.sql'
    assert log =~ /intellipost:[^:]+:lint \(default-cli\) @ lint-trace-json/
    assert log =~ /Created scratch database ${db.name()}_scratch_[0-9a-f]{10}/
    // a table per revision
    assert log.contains('[INFO] Trace of trace2 (' + file + '):')
    // the lock the statement of line 7 took is still held at line 8
    assert log =~ /\[INFO\]   7 +ALTER TABLE parcel ALTER COLUMN label TYPE varchar\(40\) +public\.parcel AccessExclusive +- +- +ok/
    assert log =~ /\[INFO\]   8 +ALTER TABLE parcel ALTER COLUMN weight_grams TYPE bigint +public\.parcel AccessExclusive \(line 7\) +public\.parcel +public\.parcel +error changing-column-type, warning lock-held-across-statements/
    // the static guess about line 7 is refuted (no rewrite), the one about line 8 confirmed with the measured fact
    assert !log.contains('changing-column-type ' + file + ':7')
    assert log.contains('[ERROR] error changing-column-type ' + file + ':8 (revision trace2)')
    assert log.contains('Traced on a scratch database: PostgreSQL rewrote public.parcel under ACCESS EXCLUSIVE on public.parcel.')
    assert log =~ /Lint: 1 error\(s\), 1 warning\(s\) in 2 revision\(s\) \(rules for PostgreSQL \d+; 3 statement\(s\) traced on a scratch database\); failing \(lintFailOn=error\)/
    assert log.contains('BUILD FAILURE')

    def doc = new JsonSlurper().parse(new File(basedir, 'target/intellipost/lint.json'))
    assert doc.keySet() == ['findings', 'statements'] as Set
    def statements = doc.statements
    assert statements.collect { [it.revision, it.file, it.line] } ==
            [['trace1', first, 7], ['trace2', file, 7], ['trace2', file, 8]]
    statements.each { s ->
        assert s.keySet() == ['revision', 'file', 'line', 'sql', 'transactional', 'locks', 'rewrites', 'scans'] as Set
        assert s.transactional == true
    }
    def widen = statements[1]
    assert widen.sql == 'ALTER TABLE parcel ALTER COLUMN label TYPE varchar(40)'
    assert widen.locks == [[relation: 'public.parcel', mode: 'AccessExclusiveLock']]
    assert widen.rewrites == []
    assert widen.scans == []
    def bigint = statements[2]
    assert bigint.locks.contains([relation: 'public.parcel_pkey', mode: 'AccessExclusiveLock'])
    assert bigint.rewrites == ['public.parcel']
    assert bigint.scans == ['public.parcel']
    assert doc.findings.collect { [it.rule, it.line] } == [['changing-column-type', 8], ['lock-held-across-statements', 8]]

    // the scratch database is gone, and the case's database was never written
    assert ItDatabase.rows(db, "SELECT count(*) FROM pg_database WHERE datname LIKE '${db.name()}\\_scratch\\_%'") == ['0']
    assert ItDatabase.rows(db, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace") == ['0']
    return true
} finally {
    ItDatabase.drop(basedir)
}
