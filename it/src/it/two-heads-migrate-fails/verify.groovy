import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    assert log.contains('Cannot migrate: the revision graph has 2 heads')
    assert log.contains('- branch_a (src/main/resources/db/migrations/002_add_invoice.sql): Add invoice table')
    assert log.contains('- branch_b (src/main/resources/db/migrations/002_add_coupon.sql): Add coupon table')
    assert log.contains('mvn intellipost:merge')
    assert log.contains('-Dintellipost.target=heads')
    assert log.contains('BUILD FAILURE')
    // refused before touching the database
    assert ItDatabase.rows(db, "SELECT to_regclass('intellipost_schema_history') IS NULL AND to_regclass('account') IS NULL") == ['t']
    return true
} finally {
    ItDatabase.drop(basedir)
}
