package com.intellipost.migrator.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The session settings a run changes, as they were before it. A run gives them back when it ends, so that a
 * connection lent by the application's pool goes back to it as it came, not with the migrator's lock_timeout.
 */
final class SessionSettings {

    private static final List<String> NAMES = List.of("lock_timeout", "statement_timeout", "synchronous_commit",
            "client_connection_check_interval");

    private final List<String> values;

    private SessionSettings(List<String> values) {
        this.values = values;
    }

    /** Reads the settings in one query; one the server does not have (before PostgreSQL 14) reads as null. */
    static SessionSettings capture(Connection connection) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < NAMES.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("current_setting('").append(NAMES.get(i)).append("', true)");
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
            rs.next();
            List<String> values = new ArrayList<>(NAMES.size());
            for (int i = 1; i <= NAMES.size(); i++) {
                values.add(rs.getString(i));
            }
            return new SessionSettings(values);
        }
    }

    /** Sets each setting back, at session level, in one statement. */
    void restore(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        List<String> original = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            if (values.get(i) != null) {
                names.add(NAMES.get(i));
                original.add(values.get(i));
            }
        }
        String sql = "SELECT " + String.join(", ", names.stream().map(n -> "set_config(?, ?, false)").toList());
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < names.size(); i++) {
                ps.setString(2 * i + 1, names.get(i));
                ps.setString(2 * i + 2, original.get(i));
            }
            ps.execute();
        }
    }
}
