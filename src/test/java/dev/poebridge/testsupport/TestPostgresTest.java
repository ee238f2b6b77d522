package dev.poebridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** The throwaway PostgreSQL cluster the database tests run on. */
class TestPostgresTest {

    @Test
    void servesPostgreSql15OrNewerOverJdbc() throws SQLException {
        try (Connection connection = connect(TestPostgres.shared().jdbcUrl());
             Statement statement = connection.createStatement();
             ResultSet version = statement.executeQuery("select version(), current_setting('server_version_num')::int")) {
            version.next();
            assertThat(version.getString(1)).startsWith("PostgreSQL");
            assertThat(version.getInt(2)).isGreaterThanOrEqualTo(150000);
        }
    }

    @Test
    void keepsWhatIsWritten() throws SQLException {
        try (Connection connection = connect(TestPostgres.shared().jdbcUrl());
             Statement statement = connection.createStatement()) {
            statement.execute("create table keeps_written (id serial primary key, title text not null)");
            statement.execute("insert into keeps_written (title) values ('first'), ('second')");
            try (ResultSet rows = statement.executeQuery("select title from keeps_written order by id")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("first");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("second");
                assertThat(rows.next()).isFalse();
            }
        }
    }

    @Test
    void listensOnTheLoopbackAddressOnly() throws SQLException {
        try (Connection connection = connect(TestPostgres.shared().jdbcUrl());
             Statement statement = connection.createStatement();
             ResultSet setting = statement.executeQuery("show listen_addresses")) {
            setting.next();
            assertThat(setting.getString(1)).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void everyUserOfTheJvmSharesOneCluster() throws SQLException {
        TestPostgres first = TestPostgres.shared();
        TestPostgres second = TestPostgres.shared();
        assertThat(second).isSameAs(first);
        try (Connection one = connect(first.jdbcUrl()); Connection other = connect(second.jdbcUrl())) {
            assertThat(backendStart(other)).isEqualTo(backendStart(one));
        }
    }

    @Test
    void givesEachNewDatabaseItsOwnEmptySchema() throws SQLException {
        TestPostgres postgres = TestPostgres.shared();
        String first = postgres.createDatabase();
        String second = postgres.createDatabase();
        assertThat(second).isNotEqualTo(first);
        try (Connection connection = connect(postgres.jdbcUrl(first)); Statement statement = connection.createStatement()) {
            statement.execute("create table only_in_first (id int)");
        }
        try (Connection connection = connect(postgres.jdbcUrl(second)); Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery("select count(*) from pg_tables where tablename = 'only_in_first'")) {
            tables.next();
            assertThat(tables.getInt(1)).isZero();
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, TestPostgres.shared().username(), TestPostgres.shared().password());
    }

    /** When the cluster's postmaster started: the same for two connections only when they reach the same server. */
    private static String backendStart(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet started = statement.executeQuery("select pg_postmaster_start_time()::text")) {
            started.next();
            return started.getString(1);
        }
    }
}
