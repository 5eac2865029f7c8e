import com.intellipost.migrator.testing.PostgresServer

def server = PostgresServer.get()
def missing = 'ipt_it_missing_' + UUID.randomUUID().toString().substring(0, 8)
// jdbc:postgresql://host:port/db -> postgresql://user:password@host:port/db
def url = server.jdbcUrlFor(missing).replaceFirst('^jdbc:postgresql://', "postgresql://${server.user()}:Url-Secret-Pw-4711@")
context.userProperties.put('intellipost.url', url)
new File(basedir, 'missing-database.txt').text = missing
return true // a hook fails when it returns anything but true or null
