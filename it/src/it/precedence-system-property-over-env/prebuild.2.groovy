import com.intellipost.migrator.it.ItDatabase

// From invocation 2 on: -Dintellipost.url/user/password name the case's database; INTELLIPOST_DATABASE_URL is
// still set and must lose.
def db = ItDatabase.of(basedir)
context.userProperties.put('intellipost.url', db.jdbcUrl())
context.userProperties.put('intellipost.user', db.user())
if (db.password() != null) {
    context.userProperties.put('intellipost.password', db.password())
}
return true // a hook fails when it returns anything but true or null
