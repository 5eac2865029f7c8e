import com.intellipost.migrator.it.ItDatabase

// The role of settings.xml owns a fresh database; only the URL (no user) is handed to the build.
def db = ItDatabase.create(basedir)
db.execute('''DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ipt_it_settings_user') THEN
        CREATE ROLE ipt_it_settings_user LOGIN PASSWORD 'It-Settings-Secret-7';
    END IF;
END $$''')
db.execute("ALTER DATABASE ${db.name()} OWNER TO ipt_it_settings_user")
context.userProperties.put('intellipost.url', db.jdbcUrl())
return true // a hook fails when it returns anything but true or null
