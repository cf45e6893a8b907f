package com.encrata.webhooks.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;

/** Plain JDBC access to the test database, for asserting what is really stored. */
public final class Database {

    private Database() {
    }

    public static List<Map<String, Object>> query(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int col = 1; col <= rs.getMetaData().getColumnCount(); col++) {
                        row.put(rs.getMetaData().getColumnName(col), rs.getObject(col));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int update(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection in a transaction of its own, for a test to hold locks with; the caller closes it. */
    public static Connection begin() throws SQLException {
        Connection c = connect();
        c.setAutoCommit(false);
        return c;
    }

    /** The JDBC URL of database {@code name} on the test server. */
    public static String url(String name) {
        String shared = EmbeddedPostgresResource.jdbcUrl();
        String base = shared != null ? shared : ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        return base.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }

    /** Runs the service's migrations on the database at {@code url} up to {@code target} ("latest": all). */
    public static void migrate(String url, String target) {
        Flyway.configure().dataSource(url, "postgres", "postgres").locations("classpath:db/migration").target(target)
                .load().migrate();
    }

    /** The first column of every row {@code sql} answers, as text. */
    public static List<String> column(Statement s, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        String shared = EmbeddedPostgresResource.jdbcUrl();
        return DriverManager.getConnection(
                shared != null ? shared : config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse("postgres"),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }
}
