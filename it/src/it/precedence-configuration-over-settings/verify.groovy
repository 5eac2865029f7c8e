import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    // -D > environment > <configuration> > settings.xml <server> (DESIGN 2.10): the pom's user is used and the
    // server is not consulted for it.
    assert log.contains('Database ' + db.jdbcUrl() + ' as ipt_it_prec_config_user (environment development, schema public)')
    assert !log.contains('from settings.xml <server>')
    assert log.contains('Applied cfgprec1 Create courier table')
    assert !log.contains('It-Prec-Config-Secret-3')
    assert !log.contains('It-Prec-Server-Secret-5')
    // applied_by and the audit's database_user are current_user on the server: who really connected.
    assert ItDatabase.rows(db, 'SELECT revision, applied_by FROM intellipost_schema_history') == ['cfgprec1|ipt_it_prec_config_user']
    assert ItDatabase.rows(db, 'SELECT database_user FROM intellipost_schema_audit') == ['ipt_it_prec_config_user']
    assert ItDatabase.rows(db, "SELECT tableowner FROM pg_tables WHERE tablename = 'courier'") == ['ipt_it_prec_config_user']
    return true
} finally {
    ItDatabase.drop(basedir)
    ItDatabase.executeOnServer(basedir, 'DROP ROLE IF EXISTS ipt_it_prec_config_user')
    ItDatabase.executeOnServer(basedir, 'DROP ROLE IF EXISTS ipt_it_prec_server_user')
}
