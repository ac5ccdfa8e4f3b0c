package dev.settle.platform.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Gives each pooled connection a queue of {@link DeferredWrites}. The queue is sent before
 * anything else runs on the connection, and with the COMMIT when the transaction commits;
 * a rollback, or a connection closed without committing, drops it.
 */
final class WriteBehindDataSource extends DelegatingDataSource {

    WriteBehindDataSource(DataSource pool) {
        super(pool);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(obtainTargetDataSource().getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(obtainTargetDataSource().getConnection(username, password));
    }

    private static Connection wrap(Connection target) {
        return (Connection) Proxy.newProxyInstance(WriteBehindDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new Handler(target, new DeferredWrites()));
    }

    private record Handler(Connection target, DeferredWrites writes) implements InvocationHandler {

        @Override
        public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
            switch (method.getName()) {
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "unwrap" -> {
                    if (args[0] == DeferredWrites.class) {
                        return writes;
                    }
                }
                case "isWrapperFor" -> {
                    if (args[0] == DeferredWrites.class) {
                        return true;
                    }
                }
                case "commit" -> writes.send(target, true);
                case "rollback", "close" -> writes.discard();
                case "prepareStatement", "prepareCall", "createStatement", "setSavepoint", "releaseSavepoint",
                        "setAutoCommit" -> writes.send(target, false);
                default -> {
                    // anything else touches no data
                }
            }
            try {
                // After a commit sent with the writes, the driver knows no transaction is open and commits nothing more.
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
