package dev.settle.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.SettleTest;

/** settle.database.embedded-settings reach the embedded PostgreSQL as server settings. */
@SettleTest
class EmbeddedSettingsTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSettingWithAnUnderscoreInItsNameIsPassedToTheServer() {
        assertThat(jdbc.sql("SHOW work_mem").query(String.class).single()).isEqualTo("8MB");
        assertThat(jdbc.sql("SELECT source FROM pg_settings WHERE name = 'work_mem'").query(String.class).single())
                .isNotEqualTo("default");
    }
}
