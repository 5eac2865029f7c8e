package com.intellipost.migrator.script;

/**
 * A script cannot be split into statements, for example because a quote or comment is never closed.
 * The message names the file and the line where the faulty construct started, and says how to fix it.
 */
public class SqlSyntaxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final int line;

    /**
     * @param sourceName the script's name, as shown to the user
     * @param line       1-based line in the script where the problem starts
     * @param problem    what is wrong and how to fix it, without the location prefix
     */
    public SqlSyntaxException(String sourceName, int line, String problem) {
        super(sourceName + ":" + line + ": " + problem);
        this.sourceName = sourceName;
        this.line = line;
    }

    /** The script's name, as given to the splitter. */
    public String sourceName() {
        return sourceName;
    }

    /** 1-based line in the script where the faulty construct starts. */
    public int line() {
        return line;
    }
}
