import com.intellipost.migrator.it.ItDatabase

// What the first build (migrate) left in the database: verify.groovy runs the same queries after the two failing
// builds and expects the same rows, so a failing validate or migrate that changed anything is caught.
def db = ItDatabase.of(basedir)
def queries = [
        'SELECT revision, down_revisions, message, script, checksum, transactional, applied_by, applied_at,' +
                ' execution_ms, success FROM intellipost_schema_history ORDER BY revision',
        'SELECT id, action, revision, outcome, database_user, client_host, environment, started_at, duration_ms,' +
                ' error FROM intellipost_schema_audit ORDER BY id',
        'SELECT key, value FROM setting ORDER BY key',
        "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns" +
                " WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2, ordinal_position",
]
def snapshot = new StringBuilder()
queries.each { q ->
    snapshot << 'Q ' << q << '\n'
    ItDatabase.rows(db, q).each { row -> snapshot << 'R ' << row << '\n' }
}
assert snapshot.toString().contains('R edit2|edit1|Seed settings|') : snapshot
new File(basedir, 'db-after-migrate.txt').setText(snapshot.toString(), 'UTF-8')

// Then someone edits a revision that was already applied.
def file = new File(basedir, 'src/main/resources/db/migrations/002_seed_settings.sql')
def edited = file.text.replace("('currency', 'EUR');", "('currency', 'USD');")
assert edited != file.text
file.text = edited
return true // a hook fails when it returns anything but true or null
