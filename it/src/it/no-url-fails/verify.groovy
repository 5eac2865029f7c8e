import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
assert log.contains('No database configured: set intellipost.url (or the INTELLIPOST_DATABASE_URL environment variable)')
assert log.contains("the plugin's <configuration> (<url>, <user>, <password>, <environment>, ...)")
assert log.contains('intellipost.properties')
assert log.contains('settings.xml <server> with id intellipost-db')
return true
