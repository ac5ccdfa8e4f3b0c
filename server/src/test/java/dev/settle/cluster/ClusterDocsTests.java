package dev.settle.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.settle.support.Docs;

/**
 * docs/operations.md "Running a cluster" names every variable that switches on a shared part, and
 * only variables Settle reads (application.yml's {@code ${SETTLE_…}}).
 */
class ClusterDocsTests {

    static final List<String> SHARED_PARTS = List.of("SETTLE_DATABASE_URL", "SETTLE_MONGODB_URI", "SETTLE_REDIS_URI",
            "SETTLE_AMQP_URI", "SETTLE_S3_BUCKET");

    @Test
    void theClusterTableNamesEachSharedPartsVariableAndOnlyOnesSettleReads() throws Exception {
        String yaml = Files.readString(Path.of("src/main/resources/application.yml"));
        List<String> documented = new ArrayList<>();
        for (Docs.Row row : Docs.read("operations").section("Running a cluster")
                .table("variable", "part", "what it is for", "when it fails").rows()) {
            for (String variable : Docs.backticked(row.cell("variable"))) {
                assertThat(yaml).as(row + " names a variable application.yml reads").contains("${" + variable + ":");
                assertThat(row.cell("when it fails")).as(row + " says what happens when it fails").isNotBlank();
                documented.add(variable);
            }
        }
        assertThat(documented).containsAll(SHARED_PARTS);
        Matcher uris = Pattern.compile("\\$\\{(SETTLE_[A-Z_]+_(?:URI|URL)):").matcher(yaml);
        while (uris.find()) {
            if (!uris.group(1).equals("SETTLE_PUBLIC_URL") && !uris.group(1).startsWith("SETTLE_SIMULATOR")
                    && !uris.group(1).startsWith("SETTLE_OTLP")) {
                assertThat(documented).as("a shared part's address").contains(uris.group(1));
            }
        }
    }
}
