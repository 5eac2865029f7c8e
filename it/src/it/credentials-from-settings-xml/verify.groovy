import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    assert log.contains(' as ipt_it_settings_user (environment development, schema public);'
            + ' user ipt_it_settings_user and password from settings.xml <server> intellipost-db')
    assert log.contains('Applied cred1 Create visit table')
    assert !log.contains('It-Settings-Secret-7')
    assert ItDatabase.rows(db, 'SELECT applied_by FROM intellipost_schema_history') == ['ipt_it_settings_user']
    assert ItDatabase.rows(db, 'SELECT database_user FROM intellipost_schema_audit') == ['ipt_it_settings_user']
    return true
} finally {
    ItDatabase.drop(basedir)
    ItDatabase.executeOnServer(basedir, 'DROP ROLE IF EXISTS ipt_it_settings_user')
}
