import com.intellipost.migrator.it.ItDatabase

// A fresh database for this case; invocation 1 does not know about it (prebuild.2.groovy hands it over).
ItDatabase.create(basedir)
return true // a hook fails when it returns anything but true or null
