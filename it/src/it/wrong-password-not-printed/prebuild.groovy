import com.intellipost.migrator.it.ItDatabase

// A database owned by a role of its own, on a server that asks for passwords (the tests' server when it does,
// else a throwaway scram-sha-256 cluster). The build gets the right user and host, and a wrong password.
def db = ItDatabase.createWithPassword(basedir)
// jdbc:postgresql://host:port/db -> postgresql://user:password@host:port/db
def url = db.jdbcUrl().replaceFirst('^jdbc:postgresql://', "postgresql://${db.user()}:Url-Secret-Pw-4711@")
context.userProperties.put('intellipost.url', url)
return true // a hook fails when it returns anything but true or null
