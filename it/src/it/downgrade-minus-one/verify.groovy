import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    assert log =~ /Reverted down3 Create stock table \(src\/main\/resources\/db\/migrations\/003_create_stock.sql\) in \d+ ms/
    assert log.contains('Reverted 1 revision(s); now at [down2]')
    assert !log.contains('Reverted down2')
    assert ItDatabase.rows(db, 'SELECT revision FROM intellipost_schema_history ORDER BY applied_at') == ['down1', 'down2']
    assert ItDatabase.rows(db, "SELECT to_regclass('stock') IS NULL AND to_regclass('price') IS NOT NULL") == ['t']
    assert ItDatabase.rows(db, "SELECT revision || ':' || outcome FROM intellipost_schema_audit WHERE action = 'downgrade'") == ['down3:success']
    return true
} finally {
    ItDatabase.drop(basedir)
}
