import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
['migrate', 'info', 'check', 'downgrade'].each { goal ->
    assert log.contains("Skipping intellipost:${goal} (intellipost.skip=true)")
}
assert !log.contains('never_used')
assert log.contains('BUILD SUCCESS')
return true
