import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    // graph order, although the file names sort the other way round
    def first = log.indexOf('Applied chain1 Create item table (src/main/resources/db/migrations/b_create_item.sql)')
    def second = log.indexOf('Applied chain2 Seed items (src/main/resources/db/migrations/c_seed_items.sql)')
    def third = log.indexOf('Applied chain3 Index items by sku (src/main/resources/db/migrations/a_add_sku_index.sql)')
    assert first >= 0 && first < second && second < third
    assert log =~ /Applied 3 revision\(s\) in \d+ ms; now at \[chain3\]/
    assert log.contains('Schema is up to date at [chain3]; nothing to migrate')
    assert log.contains('Database ' + db.jdbcUrl() + ' as ' + db.user() + ' (environment development, schema public)')

    assert ItDatabase.rows(db, "SELECT revision || ':' || success::text || ':' || script FROM intellipost_schema_history ORDER BY applied_at") == [
            'chain1:true:src/main/resources/db/migrations/b_create_item.sql',
            'chain2:true:src/main/resources/db/migrations/c_seed_items.sql',
            'chain3:true:src/main/resources/db/migrations/a_add_sku_index.sql']
    assert ItDatabase.rows(db, 'SELECT sku FROM item ORDER BY sku') == ['A-1', 'B-2']
    assert ItDatabase.rows(db, "SELECT to_regclass('item_sku_idx') IS NOT NULL") == ['t']
    assert ItDatabase.rows(db, "SELECT action || ':' || revision || ':' || outcome FROM intellipost_schema_audit ORDER BY id") == [
            'upgrade:chain1:success', 'upgrade:chain2:success', 'upgrade:chain3:success']
    return true
} finally {
    ItDatabase.drop(basedir)
}
