import com.intellipost.migrator.it.ItDatabase
import groovy.json.JsonSlurper

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    def dir = 'src/main/resources/db/migrations/'
    assert log =~ /intellipost:[^:]+:test-rollback \(default-cli\) @ test-rollback-reports-leftover/
    assert log.contains('[INFO] ok             tr1 Create account (' + dir + '001_create_account.sql)')
    assert log.contains('[ERROR] differs        tr2 Count accounts (' + dir + '002_account_count.sql)')
    assert log.contains('[ERROR]       the down section does not give back the schema the up section found')
    assert log.contains('[ERROR]       extra:   function public.account_count()')
    assert log.contains('[INFO] ok             tr3 Add note (' + dir + '003_add_note.sql)')
    assert log.contains('BUILD FAILURE')
    // the failure message repeats the report, so that a CI log's last lines say what to fix
    assert log =~ /Test-rollback: 3 revision\(s\) walked \(up, down, up again\): 2 ok, 1 differs; failed in \d+ ms:/
    assert log.contains('Fix each down section so that it drops or restores what its up section changed')

    def doc = new JsonSlurper().parse(new File(basedir, 'target/intellipost/test-rollback.json'))
    assert doc.revisions*.revision == ['tr1', 'tr2', 'tr3']
    assert doc.revisions*.status == ['ok', 'differs', 'ok']
    assert doc.revisions[1].extra == ['function public.account_count()']
    assert doc.revisions[1].missing == [] && doc.revisions[1].changed == []
    assert doc.revisions[0].error == null

    // only scratch databases were used: the configured one is empty, and every scratch database is gone
    assert ItDatabase.rows(db, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace") == ['0']
    assert ItDatabase.rows(db, "SELECT count(*) FROM pg_database WHERE datname LIKE '" + db.name() + "\\_scratch\\_%'") == ['0']
    return true
} finally {
    ItDatabase.drop(basedir)
}
