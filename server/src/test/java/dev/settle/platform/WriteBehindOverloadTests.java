package dev.settle.platform;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.SQLTransientConnectionException;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A deferred write whose connection the pool cannot hand out in time (the connection is fetched
 * lazily, at the first write) is an overload, which the API answers 503, not a 500 "bug".
 */
class WriteBehindOverloadTests {

    @AfterEach
    void endTransaction() {
        TransactionSynchronizationManager.setActualTransactionActive(false);
    }

    @Test
    void aPoolTimeoutOnADeferredWriteIsAConnectionFailure() throws Exception {
        Connection lazy = mock(Connection.class);
        when(lazy.unwrap(any())).thenThrow(new SQLTransientConnectionException("Connection is not available, request timed out"));
        DataSource dataSource = mock(DataSource.class);
        when(dataSource.getConnection()).thenReturn(lazy);
        TransactionSynchronizationManager.setActualTransactionActive(true);

        assertThatThrownBy(() -> new WriteBehind(dataSource).sql("UPDATE t SET x = 1").defer())
                .isInstanceOf(CannotGetJdbcConnectionException.class);
    }
}
