package dev.settle.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** PCI: no table in schema {@code simulator} holds a card number, whatever the card did. */
class SimulatorPciTests {

    private static final List<String> CARDS = List.of("4242424242424242", "4000000000000002", "4000000000009995",
            "4000000000000069", "4000000000000127", "4000002500003155", "4000000000005126", "4000099000000012",
            "4000099000000020", "4000099000000038", "4000099000000046", "5555555555554444");

    private final SimulatorFixture fixture = SimulatorFixture.get();

    @Test
    void noColumnOfAnySimulatorTableContainsACardNumber() {
        for (String card : CARDS) {
            String token = fixture.client.token(card.substring(0, 4) + " " + card.substring(4));
            if (!card.equals("4000099000000038")) {
                fixture.client.charge(token, 1999, "usd", true, SimulatorClient.newKey());
            }
        }
        List<String[]> columns = fixture.jdbc.sql("""
                SELECT table_name, column_name, data_type
                FROM information_schema.columns
                WHERE table_schema = 'simulator'
                  AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')
                """).query((rs, row) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).list();
        assertThat(columns).extracting(column -> column[0]).contains("tokens", "charges", "idempotency_keys", "events");

        for (String[] column : columns) {
            for (String card : CARDS) {
                String cast = column[2].equals("bytea")
                        ? "encode(%s, 'escape')".formatted(quote(column[1]))
                        : "CAST(%s AS text)".formatted(quote(column[1]));
                long hits = fixture.jdbc.sql("SELECT count(*) FROM simulator.%s WHERE %s LIKE ?".formatted(quote(column[0]), cast))
                        .param("%" + card + "%")
                        .query(Long.class)
                        .single();
                assertThat(hits).as("%s.%s holds %s", column[0], column[1], card).isZero();
            }
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
