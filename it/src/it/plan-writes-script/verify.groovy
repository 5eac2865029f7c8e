import com.intellipost.migrator.it.ItDatabase
import java.util.concurrent.TimeUnit

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    def plan = new File(basedir, 'target/intellipost/plan.sql')
    def down = new File(basedir, 'target/down.sql')
    assert log.contains('[INFO] Wrote the plan of 3 revision(s) (migrate to head (plan3)) to ' + plan.path)
    assert log.contains('[INFO] Review it, then run it with: psql -v ON_ERROR_STOP=1 -f ' + plan.path)
    assert log.contains('[INFO] Wrote the plan of 3 revision(s) (downgrade to base) to ' + down.path)
    assert log.contains('Database ' + db.jdbcUrl() + ' as ' + db.user() + ' (environment development, schema public)')

    def text = plan.getText('UTF-8')
    assert text.startsWith('-- IntelliPost Migrator plan: migrate to head (plan3)\n-- From:      the history of ' + db.jdbcUrl())
    assert text.contains('\n\\set ON_ERROR_STOP on\n')
    assert text.contains('pg_try_advisory_lock(')
    assert text.contains('EXECUTE $ddl$CREATE TABLE IF NOT EXISTS "public"."intellipost_schema_history" (')
    assert text.contains("\nSET lock_timeout = '5000ms';\nSET statement_timeout = '0ms';\n")
    assert text.contains('\nBEGIN;\nCREATE TABLE item (id bigint PRIMARY KEY, sku text NOT NULL);\nWITH h AS (INSERT INTO')
    assert text.contains('\nCOPY item (id, sku) FROM STDIN;\n1\tA-1\n2\tB-2\n\\.\nWITH h AS (INSERT INTO')
    // outside a transaction: no BEGIN between the revision's comment and its index, and the row marked in progress
    // before the index, as the migrator marks it
    assert text =~ /(?s)-- Revision plan3: Index items by sku\n.*?\nSELECT set_config\([^\n]*\nINSERT INTO "public"\."intellipost_schema_history" \([^\n]*, in_progress\)\n    VALUES \('plan3', [^\n]*, false, 0, false, 'upgrade'\)\n    ON CONFLICT \(revision\) DO UPDATE SET success = false, in_progress = EXCLUDED\.in_progress;\nCREATE INDEX CONCURRENTLY item_sku_idx ON item \(sku\);\n/
    assert text.count("'applied-by-plan', 'development'") == 3 // the audit rows' outcome
    assert text.endsWith('SELECT pg_advisory_unlock(' + com.intellipost.migrator.lock.MigrationLock.keyFor('public',
            'intellipost_schema_history') + ');\n')

    def downText = down.getText('UTF-8')
    assert downText.startsWith('-- IntelliPost Migrator plan: downgrade to base\n-- From:      plan3 (from=plan3; no database was read)')
    assert downText.indexOf('DROP INDEX CONCURRENTLY item_sku_idx;') < downText.indexOf('DELETE FROM item;')
    assert downText.indexOf('DELETE FROM item;') < downText.indexOf('DROP TABLE item;')
    assert downText.count('WITH h AS (DELETE FROM "public"."intellipost_schema_history"') == 3

    // planning changed nothing
    assert ItDatabase.rows(db, "SELECT to_regclass('intellipost_schema_history') IS NULL") == ['t']

    // the plan, run by psql, leaves what migrate would
    def uri = new URI(db.jdbcUrl().substring('jdbc:'.length()))
    def psqlLog = new File(basedir, 'target/psql.log')
    def psql = new ProcessBuilder('psql', '-X', '-v', 'ON_ERROR_STOP=1', '-h', uri.host, '-p',
            String.valueOf(uri.port < 0 ? 5432 : uri.port), '-U', db.user(), '-d', db.name(), '-f', plan.path)
            .redirectErrorStream(true).redirectOutput(psqlLog)
    if (db.password() != null) {
        psql.environment().put('PGPASSWORD', db.password())
    }
    def p = psql.start()
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly()
        assert false : 'psql did not finish within 60 s: ' + psqlLog.text
    }
    assert p.exitValue() == 0 : psqlLog.text
    assert ItDatabase.rows(db, "SELECT revision || ':' || success || ':' || transactional || ':' || coalesce(in_progress, 'done') FROM intellipost_schema_history ORDER BY revision") ==
            ['plan1:true:true:done', 'plan2:true:true:done', 'plan3:true:false:done']
    assert ItDatabase.rows(db, "SELECT action || ':' || revision || ':' || outcome FROM intellipost_schema_audit ORDER BY id") ==
            ['upgrade:plan1:applied-by-plan', 'upgrade:plan2:applied-by-plan', 'upgrade:plan3:applied-by-plan']
    assert ItDatabase.rows(db, 'SELECT sku FROM item ORDER BY id') == ['A-1', 'B-2']
    assert ItDatabase.rows(db, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'item_sku_idx'::regclass") == ['t']
    return true
} finally {
    ItDatabase.drop(basedir)
}
