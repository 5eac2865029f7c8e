import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    // 1: the failure names the revision, the file, the PostgreSQL error and the INVALID index
    assert log.contains('Migration fail2 (Unique member email) failed at src/main/resources/db/migrations/002_unique_member_email.sql')
    assert log.contains('23505')
    assert log.contains('It left INVALID index(es) public.member_email_key')
    // 2: refused until repair
    assert log.contains('Revision fail2 (src/main/resources/db/migrations/002_unique_member_email.sql) failed outside a transaction and is recorded as failed')
    assert log.contains('mvn intellipost:repair')
    // 3 and 4
    assert log.contains('Repair: removed 1 failed row(s) [fail2], realigned 0 checksum(s) []')
    assert log.contains('Applied fail2 Unique member email')
    assert log =~ /Applied 1 revision\(s\) in \d+ ms; now at \[fail2\]/

    assert ItDatabase.rows(db, "SELECT revision || ':' || success::text FROM intellipost_schema_history ORDER BY revision") ==
            ['fail1:true', 'fail2:true']
    assert ItDatabase.rows(db, "SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'member_email_key'::regclass") == ['true']
    assert ItDatabase.rows(db, "SELECT action || ':' || outcome FROM intellipost_schema_audit WHERE revision = 'fail2' ORDER BY id") ==
            ['upgrade:failed', 'upgrade:failed', 'repair:success', 'upgrade:success']
    return true
} finally {
    ItDatabase.drop(basedir)
}
