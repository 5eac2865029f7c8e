package com.intellipost.migrator.cli;

import com.intellipost.migrator.config.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The words of a command line, split into the command, its argument and the {@code --<setting>=<value>} options.
 * Anything that would leave a word unread is refused, because an unread word changes what runs: {@code --url X}
 * without {@code =} once left the option out and ran the command against the database of
 * {@code INTELLIPOST_DATABASE_URL}.
 *
 * @param command  the command word ({@code migrate}, {@code info}...)
 * @param argument the target or message, when the command takes one and it was given
 * @param options  {@code --<key>=<value>} options in the order typed (a later one wins), keys not yet checked
 */
record CommandArguments(String command, Optional<String> argument, Map<String, String> options) {

    /** Settings that are switched on with {@code =true}: the message then says exactly what to write. */
    private static final Set<String> SWITCHES = Set.of("cleanEnabled", "requireDown", "trace");

    /**
     * Splits {@code args}; {@code commands} says which commands exist and how many arguments each takes. Throws
     * {@link UsageException} for an unknown option (naming the known ones), an option without {@code =}, a
     * {@code -D} option after the command, a missing or unknown command, or more words than the command takes.
     */
    static CommandArguments parse(String[] args, List<MigratorCommandLine.CommandHelp> commands) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> words = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                String key = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
                if (!Settings.KEYS.contains(key)) {
                    throw new UsageException("Unknown option --" + key + "; known options: --"
                            + String.join(", --", Settings.KEYS));
                }
                if (eq < 0) {
                    // The next word is not read as the value: say so, without repeating it (it may be a password).
                    throw new UsageException("Option --" + key + " has no value: write --" + key + "="
                            + (SWITCHES.contains(key) ? "true" : "<value>") + ", with '=' and no space (a word after"
                            + " a space is not the option's value); help lists the commands and settings");
                }
                if (arg.substring(eq + 1).isBlank()) {
                    // --url=$TARGET with the variable unset: falling back to INTELLIPOST_DATABASE_URL would run
                    // the command against another database, as --url X once did
                    throw new UsageException("Option --" + key + "= is empty: give it a value, or leave the option"
                            + " out to use the environment's or the default");
                }
                options.remove(key); // the last one typed wins, as it is read last
                options.put(key, arg.substring(eq + 1));
            } else if (arg.startsWith("-D") && arg.indexOf('=') > 2 && arg.indexOf(' ') < 0) {
                int eq = arg.indexOf('=');
                String property = eq < 0 ? arg : arg.substring(0, eq);
                throw new UsageException(property + " after the command is not read: a -D option goes before -jar"
                        + " (or the class name), or write the setting as --<setting>=<value>");
            } else {
                words.add(arg);
            }
        }
        if (words.isEmpty()) {
            throw new UsageException(MigratorCommandLine.USAGE);
        }
        String command = words.get(0);
        MigratorCommandLine.CommandHelp help = commands.stream().filter(c -> c.name().equals(command)).findFirst()
                .orElseThrow(() -> new UsageException((command.startsWith("-") || command.contains("=")
                        // an option mistyped (-password=..., -url=...): not repeated, it may hold a password
                        ? "Unknown option: a word starting with '-' is not a command, and options are written"
                        + " --<setting>=<value>"
                        : "Unknown command '" + command + "'") + ". " + MigratorCommandLine.USAGE));
        List<String> rest = words.subList(1, words.size());
        if (help.argument().isEmpty() && !rest.isEmpty()) {
            throw new UsageException(command + " takes no argument, but " + count(rest.size()) + " followed it;"
                    + " remove " + (rest.size() == 1 ? "it" : "them") + ", and write options as --<setting>=<value>"
                    + " (help lists them)");
        }
        if (rest.size() > 1) {
            String what = help.argument().replaceAll("[\\[\\]<>]", "");
            throw new UsageException(command + " takes one " + what + ", but " + count(rest.size()) + " followed it;"
                    + (what.equals("message") ? " quote a message of several words (" + command
                    + " \"Add user table\")," : "") + " write options as --<setting>=<value> (usage: " + command
                    + " " + help.argument() + ")");
        }
        return new CommandArguments(command, rest.stream().findFirst(), options);
    }

    private static String count(int words) {
        return String.format(Locale.ROOT, "%d word%s", words, words == 1 ? "" : "s");
    }
}
