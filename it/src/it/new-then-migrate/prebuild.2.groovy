// The developer writes the SQL into the file that new created.
def dir = new File(basedir, 'src/main/resources/db/migrations')
def created = dir.listFiles().findAll { it.name.endsWith('_add_audit_note_table.sql') }
assert created.size() == 1 : "new should have written one *_add_audit_note_table.sql file in ${dir}: ${dir.list()}"
def file = created[0]
file.text = file.text
        .replace('-- migrate:up\n', '-- migrate:up\nCREATE TABLE audit_note (id bigint PRIMARY KEY, note text);\n')
        .replace('-- migrate:down\n', '-- migrate:down\nDROP TABLE audit_note;\n')
return true // a hook fails when it returns anything but true or null
