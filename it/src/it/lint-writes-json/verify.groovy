import com.intellipost.migrator.it.ItDatabase
import groovy.json.JsonSlurper

def log = ItDatabase.buildLog(basedir)
def file = 'src/main/resources/db/migrations/002_account_details.sql'
assert log =~ /intellipost:[^:]+:lint \(default-cli\) @ lint-writes-json/
assert log.contains('[ERROR] error require-concurrent-index-creation ' + file + ':6 (revision json2)')
assert log.contains('[ERROR] error adding-field-with-default ' + file + ':7 (revision json2)')
assert log.contains('[WARNING] warning prefer-text-field ' + file + ':9 (revision json2)')
def json = new File(basedir, 'target/intellipost/lint.json')
assert json.isFile()
assert log =~ /\[INFO\] Lint: 2 error\(s\), 1 warning\(s\) in 2 revision\(s\) \(rules for PostgreSQL 15\); JSON in \S*target\/intellipost\/lint\.json/
assert !log.contains('failing (lintFailOn')
assert log.contains('BUILD SUCCESS')

def doc = new JsonSlurper().parse(json)
assert doc.keySet() == ['findings'] as Set // statements only with trace=true
def findings = doc.findings
// the ignored varchar(2), the first revision and the new table's index give nothing
assert findings.size() == 3
findings.each { f ->
    assert f.keySet() == ['rule', 'severity', 'revision', 'file', 'line', 'message', 'fix'] as Set
    assert f.revision == 'json2'
    assert f.file == file
}

def index = findings[0]
assert index.rule == 'require-concurrent-index-creation'
assert index.severity == 'error'
assert index.line == 6
assert index.message == 'CREATE INDEX takes a SHARE lock on account, which blocks its INSERT, UPDATE and DELETE' +
        ' (reads go on) while it reads the whole table to build the index: on a large table, writes wait for minutes.'
assert index.fix.startsWith('CREATE INDEX CONCURRENTLY account_email_idx ON account (email);')
assert index.fix.contains('in a revision of its own')

def uuid = findings[1]
assert uuid.rule == 'adding-field-with-default'
assert uuid.severity == 'error'
assert uuid.line == 7 // the statement's first token, not the line of its DEFAULT
assert uuid.message.startsWith('Adding public_id: gen_random_uuid() is volatile')
assert uuid.message.contains('PostgreSQL rewrites account and its indexes')
assert uuid.message.contains('ACCESS EXCLUSIVE lock on account, which blocks every read and write of it')
assert uuid.fix.startsWith('ALTER TABLE account ADD COLUMN public_id uuid; ALTER TABLE account ALTER COLUMN public_id'
        + ' SET DEFAULT gen_random_uuid();')
assert uuid.fix.contains('UPDATE account SET public_id = gen_random_uuid() WHERE public_id IS NULL')

def varchar = findings[2]
assert varchar.rule == 'prefer-text-field'
assert varchar.severity == 'warning'
assert varchar.line == 9
assert varchar.message == 'nickname is varchar(40): changing the limit later takes an ACCESS EXCLUSIVE lock, and text costs the same.'
assert varchar.fix.startsWith('nickname text, with CHECK (char_length(nickname) <= 40)')
return true
