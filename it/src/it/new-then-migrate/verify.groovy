import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    def dir = new File(basedir, 'src/main/resources/db/migrations')
    def created = dir.listFiles().find { it.name ==~ /\d{14}_[0-9a-f]{12}_add_audit_note_table\.sql/ }
    assert created != null : "no <timestamp>_<revision>_add_audit_note_table.sql in ${dir.list()}"
    def revision = (created.name =~ /_([0-9a-f]{12})_/)[0][1]
    def header = created.readLines().take(3)
    assert header == ["-- revision: ${revision}", '-- down_revision: new1', '-- message: Add audit note table']*.toString()
    assert log.contains("Wrote revision ${revision} (parents: new1) to src/main/resources/db/migrations/${created.name}")

    assert log.contains("Applied ${revision} Add audit note table (src/main/resources/db/migrations/${created.name})")
    assert ItDatabase.rows(db, 'SELECT revision FROM intellipost_schema_history ORDER BY applied_at') == ['new1', revision]
    assert ItDatabase.rows(db, "SELECT to_regclass('audit_note') IS NOT NULL") == ['t']
    return true
} finally {
    ItDatabase.drop(basedir)
}
