import com.intellipost.migrator.it.ItDatabase

def db = ItDatabase.createAndPass(basedir, context.userProperties)
// A database created before the project used the migrator: the schema of stamp1 and stamp2 exists.
db.execute('CREATE TABLE legacy_customer (id bigint PRIMARY KEY)')
db.execute('CREATE TABLE legacy_order (id bigint PRIMARY KEY, customer_id bigint REFERENCES legacy_customer (id))')
return true // a hook fails when it returns anything but true or null
