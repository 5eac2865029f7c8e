import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
assert log =~ /intellipost:[^:]+:check \(default\) @ check-passes-with-lint-disable/
assert log.contains('Checked 2 revision(s): single head lint2')
assert log.contains('Lint: 0 error(s), 0 warning(s) in 2 revision(s) (rules for PostgreSQL 15)')
assert !log.contains('ban-drop-table')
assert !log.contains('failing (lintFailOn')
assert log.contains('BUILD SUCCESS')
return true
