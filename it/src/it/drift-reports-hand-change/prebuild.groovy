import com.intellipost.migrator.it.ItDatabase

// A fresh database, handed to every invocation as -Dintellipost.url/user/password, with a table made by hand
// before the revisions run: drift does not care when a hand change happened.
def db = ItDatabase.createAndPass(basedir, context.userProperties)
def c = db.connect()
try {
    c.createStatement().execute('CREATE TABLE manual_notes (id int)')
} finally {
    c.close()
}
return true
