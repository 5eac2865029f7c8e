import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    // build.log holds the three invocations in order; each starts with Maven's "Scanning for projects...".
    def builds = log.split(/(?m)^(?=\[INFO\] Scanning for projects\.\.\.$)/).findAll { it.contains('Scanning for projects') }
    assert builds.size() == 3 : "expected three invocations in build.log, found ${builds.size()}"
    def (migrate, validate, migrateAgain) = builds

    assert migrate.contains('Applied edit1 Create setting table')
    assert migrate.contains('Applied edit2 Seed settings')
    assert migrate.contains('BUILD SUCCESS')

    def file = 'src/main/resources/db/migrations/002_seed_settings.sql'
    def problem = "Revision edit2 was edited after it was applied: ${file} no longer matches the checksum in the history." +
            ' Restore the applied version of the file, or put the change in a new revision; if the edit is deliberate' +
            ' and the database already matches it, run repair'
    [validate: validate, migrate: migrateAgain].each { goal, text ->
        assert text =~ /--- intellipost:[^:]+:${goal} \(default-cli\) @ edited-script-validate-fails ---/
        assert text.contains('BUILD FAILURE') : "${goal} should fail"
        // the build fails with that very problem, and with no other
        assert text.contains(":${goal} (default-cli) on project edited-script-validate-fails: ${problem}") :
                "${goal}: ${text}"
        assert text =~ /Failed to execute goal com\.intellipost:intellipost-maven-plugin:[^:]+:${goal} /
        assert !text.contains('edit1 was edited') : "${goal} blames the unedited revision"
        assert !(text =~ /Applied \w+ /) : "${goal} applied something"
        assert !text.contains('Validated') : "${goal} reports success"
    }

    // the failing builds changed nothing: the same rows as right after the first build (prebuild.2.groovy)
    def snapshot = new File(basedir, 'db-after-migrate.txt').getText('UTF-8')
    def now = new StringBuilder()
    snapshot.readLines().findAll { it.startsWith('Q ') }.each { line ->
        now << line << '\n'
        ItDatabase.rows(db, line.substring(2)).each { row -> now << 'R ' << row << '\n' }
    }
    assert now.toString() == snapshot
    assert ItDatabase.rows(db, "SELECT value FROM setting WHERE key = 'currency'") == ['EUR']
    assert ItDatabase.rows(db, 'SELECT revision, success FROM intellipost_schema_history ORDER BY revision') ==
            ['edit1|t', 'edit2|t']
    return true
} finally {
    ItDatabase.drop(basedir)
}
