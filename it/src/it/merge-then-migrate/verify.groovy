import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    def dir = new File(basedir, 'src/main/resources/db/migrations')
    def merge = dir.listFiles().find { it.name ==~ /\d{14}_[0-9a-f]{12}_merge_branch_a_branch_b\.sql/ }
    assert merge != null : "no merge revision file in ${dir.list()}"
    def revision = (merge.name =~ /_([0-9a-f]{12})_/)[0][1]
    assert merge.readLines().take(3) == ["-- revision: ${revision}", '-- down_revision: branch_a, branch_b',
                                         '-- message: Merge branch_a, branch_b']*.toString()
    assert log.contains("Wrote revision ${revision} (parents: branch_a, branch_b) to src/main/resources/db/migrations/${merge.name}")

    assert log =~ /Applied 4 revision\(s\) in \d+ ms; now at \[${revision}\]/
    assert ItDatabase.rows(db, 'SELECT revision FROM intellipost_schema_history ORDER BY applied_at') ==
            ['base1', 'branch_a', 'branch_b', revision]
    assert ItDatabase.rows(db, "SELECT to_regclass('invoice') IS NOT NULL AND to_regclass('coupon') IS NOT NULL") == ['t']
    return true
} finally {
    ItDatabase.drop(basedir)
}
