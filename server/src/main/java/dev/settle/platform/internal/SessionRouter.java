package dev.settle.platform.internal;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.AbstractDataSource;

import dev.settle.platform.Background;

/**
 * Hands a background thread ({@link Background}) a connection from the background pool and
 * everything else one from the API pool: the two kinds of work never wait for each other's
 * connections, and each runs under its own session timeouts.
 */
final class SessionRouter extends AbstractDataSource {

    private final DataSource api;
    private final DataSource background;

    SessionRouter(DataSource api, DataSource background) {
        this.api = api;
        this.background = background;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return target().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return target().getConnection(username, password);
    }

    private DataSource target() {
        return Background.active() ? background : api;
    }
}
