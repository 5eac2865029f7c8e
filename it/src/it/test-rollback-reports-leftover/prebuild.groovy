import com.intellipost.migrator.it.ItDatabase

// A fresh database for this case, handed to every invocation as -Dintellipost.url/user/password.
ItDatabase.createAndPass(basedir, context.userProperties)
return true // a hook fails when it returns anything but true or null
