package dev.settle.tenancy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.Docs;
import dev.settle.support.SettleTest;

/**
 * docs/security.md's table of what is encrypted at rest, checked against the database: after each
 * kind of secret has been made, every column the table names holds sealed values, and a column
 * that holds nothing but secrets holds nothing else.
 */
@SettleTest
class EncryptedColumnsDocsTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyColumnTheDocNamesHoldsSealedValues() {
        Api.Account account = api.newAccount();
        String endpoint = api.post("/v1/webhook_endpoints", account.testKey(), "{\"url\":\"http://127.0.0.1:9/docs\",\"enabled_events\":[\"*\"]}",
                "docs-create").text("id");
        api.post("/v1/webhook_endpoints/" + endpoint + "/rotate_secret", account.testKey(), "{\"expires_in\":600}", "docs-rotate");
        DashboardUsers users = new DashboardUsers(api);
        String email = "docs-" + account.id() + "@example.com";
        String user = users.activeUser(account, email, "owner");
        DashboardUsers.Session session = users.session(email);
        users.send(session, "POST", "/v1/users/" + user + "/totp", "{}", true);

        List<String> columns = new ArrayList<>();
        for (Docs.Row row : Docs.read("security").section("What is encrypted at rest").table("what", "column", "bound to").rows()) {
            String table = null;
            for (String named : Docs.backticked(row.cell("column"))) {
                if (named.contains(".")) {
                    table = named.substring(0, named.indexOf('.'));
                    named = named.substring(named.indexOf('.') + 1);
                }
                columns.add(table + "." + named);
            }
        }
        assertThat(columns).contains("webhooks_endpoints.secret", "webhooks_endpoints.previous_secret",
                "idempotency_keys.response_body", "tenancy_users.totp_secret");

        for (String column : columns) {
            String table = column.substring(0, column.indexOf('.'));
            String name = column.substring(column.indexOf('.') + 1);
            String text = "bytea".equals(type(table, name)) ? "convert_from(" + name + ", 'UTF8')" : name;
            long sealed = jdbc.sql("SELECT count(*) FROM " + table + " WHERE " + text + " LIKE 'sbx1.%'").query(Long.class).single();
            assertThat(sealed).as(column + " holds sealed values").isPositive();
            if (!table.equals("idempotency_keys")) {
                long clear = jdbc.sql("SELECT count(*) FROM " + table + " WHERE " + name + " IS NOT NULL AND " + text + " NOT LIKE 'sbx1.%'")
                        .query(Long.class).single();
                assertThat(clear).as(column + " holds nothing in the clear").isZero();
            }
        }
    }

    private String type(String table, String column) {
        return jdbc.sql("SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = :t AND column_name = :c")
                .param("t", table).param("c", column).query(String.class).single();
    }
}
