import com.intellipost.migrator.it.ItDatabase

// A fresh database for this case, handed to every invocation as -Dintellipost.url/user/password, with a table that
// was there before the migrations (the first revision drops it).
def db = ItDatabase.createAndPass(basedir, context.userProperties)
def c = db.connect()
try {
    c.createStatement().execute('CREATE TABLE legacy_parcel (id int PRIMARY KEY, note varchar(200))')
} finally {
    c.close()
}
return true // a hook fails when it returns anything but true or null
