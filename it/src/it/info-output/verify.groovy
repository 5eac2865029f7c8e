import com.intellipost.migrator.it.ItDatabase

def log = ItDatabase.buildLog(basedir)
try {
    def lines = log.readLines()
    def start = lines.findIndexOf { it.contains(':info (default-cli)') }
    assert start >= 0
    def table = lines.drop(start + 1).collect { it.replaceFirst(/^\[INFO\] /, '') }
    def header = table.findIndexOf { it.startsWith('Revision ') }
    assert header >= 0
    assert table[header] =~ /^Revision\s+Message\s+State\s+Applied at \(UTC\)\s+Duration$/
    assert table[header + 1] =~ /^-+( +-+){4}$/
    def rows = table.subList(header + 2, header + 5)
    assert rows[0] =~ /^info1\s+Create customer table\s+applied\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+\d+ ms$/
    assert rows[1] =~ /^info2\s+Add customer name\s+applied\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+\d+ ms$/
    assert rows[2] =~ /^info3\s+Create order table\s+pending$/
    // aligned: every column starts where its header starts
    ['Message', 'State'].each { column ->
        def at = table[header].indexOf(column)
        assert rows.every { row -> row.charAt(at - 1) == ' ' as char && row.charAt(at) != ' ' as char }
    }
    def applied = table[header].indexOf('Applied at (UTC)')
    assert rows[0].substring(applied) =~ /^\d{4}-/
    assert table[header + 5] == 'Heads:   info3'
    assert table[header + 6] == 'Current: info2'
    assert table[header + 7] == 'Pending: 1'
    return true
} finally {
    ItDatabase.drop(basedir)
}
