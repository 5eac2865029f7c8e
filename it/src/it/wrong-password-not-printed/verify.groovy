import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def missing = new File(basedir, 'missing-database.txt').text
assert log.contains("database \"${missing}\" does not exist")
assert log.contains('SQLSTATE 3D000')
assert log.contains('create the database, or set intellipost.environment=development to have it created')
assert log.contains('BUILD FAILURE')
// the password in the URL and the one in the pom appear nowhere, not even in the stack traces (-e)
assert !log.contains('Url-Secret-Pw-4711')
assert !log.contains('Pom-Secret-Pw-0815')
assert log.contains('Caused by:') || log.contains('\tat ') : 'expected -e stack traces in build.log'
// production never creates a missing database
assert !log.contains('Created database')
return true
