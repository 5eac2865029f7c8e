import com.intellipost.migrator.it.ItDatabase
import groovy.json.JsonSlurper

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    assert log =~ /intellipost:[^:]+:drift \(default-cli\) @ drift-clean/
    assert log =~ /\[INFO\] No drift: \S+ matches what its 2 applied revision\(s\) \(schemas public\) build/
    assert log.contains('BUILD SUCCESS')
    def doc = new JsonSlurper().parse(new File(basedir, 'target/intellipost/drift.json'))
    assert doc == [extra: [], missing: [], changed: []]
    assert ItDatabase.rows(db, "SELECT count(*) FROM pg_database WHERE datname LIKE '" + db.name() + "\\_scratch\\_%'") == ['0']
    return true
} finally {
    ItDatabase.drop(basedir)
}
