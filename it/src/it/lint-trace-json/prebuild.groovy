import com.intellipost.migrator.it.ItDatabase

// A fresh, empty database for this case, handed to the build as -Dintellipost.url/user/password: every revision is
// pending, so every revision is in lint's scope; the scratch database goes on the same server.
ItDatabase.createAndPass(basedir, context.userProperties)
return true
