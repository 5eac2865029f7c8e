import com.intellipost.migrator.it.ItDatabase

// The variable is fixed before the build starts, so the database has a fixed name on the server it names.
ItDatabase.recreate(basedir, envServer, 'ipt_it_env_url')
return true // a hook fails when it returns anything but true or null
