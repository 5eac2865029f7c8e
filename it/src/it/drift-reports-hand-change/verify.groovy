import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
def db = ItDatabase.of(basedir)
try {
    assert log =~ /intellipost:[^:]+:drift \(default-cli\) @ drift-reports-hand-change/
    assert log =~ /\[ERROR\] Drift: \S+ differs from what its 2 applied revision\(s\) \(schemas public\) build: 2 extra, 0 missing, 0 changed/
    assert log.contains('[ERROR]   extra:   column public.manual_notes.id')
    assert log.contains('[ERROR]   extra:   table public.manual_notes')
    assert log.contains('BUILD FAILURE')
    assert log.contains('Put a change made by hand into a new revision')
    return true
} finally {
    ItDatabase.drop(basedir)
}
