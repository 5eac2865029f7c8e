import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
assert log =~ /intellipost:[^:]+:check \(default\) @ two-heads-check-fails/
assert log.contains('Cannot pass check: the revision graph has 2 heads')
assert log.contains('- branch_a (src/main/resources/db/migrations/002_add_invoice.sql): Add invoice table')
assert log.contains('- branch_b (src/main/resources/db/migrations/002_add_coupon.sql): Add coupon table')
assert log.contains('run merge (mvn intellipost:merge) and commit the new file')
assert !log.contains('[INFO] Database ')
assert log.contains('BUILD FAILURE')
return true
