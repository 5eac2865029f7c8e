import com.intellipost.migrator.it.ItDatabase

// Two login roles that can both migrate the case's fresh database: the pom's (owner) and the settings.xml
// server's (may create in public too), so that whichever the build picks succeeds and shows in applied_by.
// Only the URL (no user) is handed to the build.
def db = ItDatabase.create(basedir)
[ipt_it_prec_config_user: 'It-Prec-Config-Secret-3', ipt_it_prec_server_user: 'It-Prec-Server-Secret-5'].each { role, secret ->
    db.execute("""DO \$\$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN
        CREATE ROLE ${role} LOGIN PASSWORD '${secret}';
    END IF;
END \$\$""")
}
db.execute("ALTER DATABASE ${db.name()} OWNER TO ipt_it_prec_config_user")
db.execute('GRANT CREATE ON SCHEMA public TO ipt_it_prec_server_user')
context.userProperties.put('intellipost.url', db.jdbcUrl())
return true // a hook fails when it returns anything but true or null
