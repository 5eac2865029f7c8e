import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def file = 'src/main/resources/db/migrations/002_drop_parcel.sql'
assert log =~ /intellipost:[^:]+:check \(default\) @ check-fails-on-lint-error/
// the finding: severity, rule, file:line of the DROP statement (line 8, after the CREATE TABLE), revision
assert log.contains('error ban-drop-table ' + file + ':8 (revision lint2)')
// what PostgreSQL does, and the fix
assert log.contains('DROP TABLE deletes parcel and its data, and the application version still running may still query it')
assert log.contains('takes an ACCESS EXCLUSIVE lock on it, which blocks every read and write.')
assert log.contains('Fix: Release an application that no longer uses parcel first, take a backup, then in a later'
        + ' revision: -- lint:ignore ban-drop-table on the line before DROP TABLE parcel;')
assert log.contains("suppress a finding you accept with '-- lint:ignore <rule>' on the line before its statement")
// only that finding: the first revision's CREATE TABLE and the new table of the second are fine
assert !log.contains('001_create_parcel.sql:')
def headers = (log =~ /(?:error|warning) [a-z-]+ src\/main\/\S+:\d+ \(revision \w+\)/).collect { it } as Set
assert headers == ['error ban-drop-table ' + file + ':8 (revision lint2)'] as Set
assert !log.contains('Checked 2 revision(s)')
assert log.contains('BUILD FAILURE')
return true
