import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
assert log =~ /intellipost:[^:]+:check \(default\) @ check-fails-on-unknown-parent/
// file:line of the down_revision header (line 3), the revision, the missing parent and what to do
assert log.contains('src/main/resources/db/migrations/002_add_driver.sql:3: revision veh2 names parent veh0_deleted,'
        + ' which no script declares; fix down_revision or restore the missing script')
assert log.contains('Scripts are read from filesystem:src/main/resources/db/migrations')
assert !log.contains('Checked ')
assert !log.contains('[INFO] Database ')
assert log.contains('BUILD FAILURE')
return true
