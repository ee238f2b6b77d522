package dev.poebridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Statements with their arguments bound in order: every value reaches the database as a parameter, never as SQL. */
final class Sql {

    private Sql() {
    }

    static PreparedStatement prepare(Connection connection, String sql, List<?> args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            statement.setObject(i + 1, args.get(i));
        }
        return statement;
    }

    static int execute(Connection connection, String sql, List<?> args) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, args)) {
            return statement.executeUpdate();
        }
    }
}
