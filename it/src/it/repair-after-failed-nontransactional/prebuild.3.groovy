import com.intellipost.migrator.it.ItDatabase

// The user's fix by hand: remove the duplicate and the INVALID index the failed build left.
def db = ItDatabase.of(basedir)
assert ItDatabase.rows(db, "SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'member_email_key'::regclass") == ['false']
db.execute("DELETE FROM member WHERE id = 3")
db.execute('DROP INDEX CONCURRENTLY member_email_key')
return true // a hook fails when it returns anything but true or null
