import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    // one line says what stamp did (the goal no longer repeats the core's summary)
    assert log.contains('Stamped 2 revision(s) [stamp1, stamp2]; now at [stamp2]')
    assert (log =~ /Stamped/).size() == 1
    assert !log.contains('Applied stamp1') && !log.contains('Applied stamp2')
    assert log.contains('Applied stamp3 Add order note')
    assert log =~ /Applied 1 revision\(s\) in \d+ ms; now at \[stamp3\]/
    assert ItDatabase.rows(db, "SELECT revision || ':' || execution_ms FROM intellipost_schema_history WHERE revision <> 'stamp3' ORDER BY revision") ==
            ['stamp1:0', 'stamp2:0']
    assert ItDatabase.rows(db, "SELECT action || ':' || revision FROM intellipost_schema_audit ORDER BY id") ==
            ['stamp:stamp1', 'stamp:stamp2', 'upgrade:stamp3']
    assert ItDatabase.rows(db, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'legacy_order' AND column_name = 'note'") == ['1']
    return true
} finally {
    ItDatabase.drop(basedir)
}
