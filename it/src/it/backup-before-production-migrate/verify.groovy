import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    // 1: refused, nothing changed, the settings named in Maven's terms
    assert log.contains('Refused to migrate: the backup taken before it (backup=pg_dump, the default in production) failed, and nothing was changed.')
    assert log.contains('cannot run pgDumpPath=/no/such/pg_dump')
    assert log.contains('In Maven: -Dintellipost.pgDumpPath=/path/to/pg_dump (or <pgDumpPath>), or -Dintellipost.backup=none (or <backup>none</backup>).')
    // 2: one dump, named with the database, the time and the revision before the run
    def dumps = new File(basedir, 'target/backups').listFiles().findAll { it.name.endsWith('.dump') }
    assert dumps.size() == 1
    assert dumps[0].name ==~ /${db.name()}_\d{8}T\d{6}Z_base\.dump/
    assert log =~ /Backed up database ${db.name()} to target\/backups\/${db.name()}_\d{8}T\d{6}Z_base\.dump \([\d.]+ kB, pg_dump \d+ ms\)/
    assert ItDatabase.rows(db, "SELECT backup FROM intellipost_schema_audit WHERE action = 'upgrade'")[0].startsWith('target/backups/' + dumps[0].name + ' (')
    // 3
    assert log.contains('Schema is up to date at [backup1]; nothing to migrate')
    return true
} finally {
    ItDatabase.drop(basedir)
}
