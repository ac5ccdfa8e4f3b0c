package dev.settle.deploy.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.settle.deploy.Repo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import software.amazon.awscdk.assertions.Template;

/**
 * The synthesized staging templates are committed under deploy/aws/template/, so a reviewer sees
 * every infrastructure change as a diff. This test fails when they are stale; regenerate them with
 * {@code ./mvnw -pl deploy/aws test -Dtest=TemplateSnapshotTests -Dsettle.cdk.write=true}.
 */
class TemplateSnapshotTests {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @Test
    void stagingTemplateIsCommittedAndCurrent() throws IOException {
        check("deploy/aws/template/settle-staging.json", Synthesized.staging().main);
    }

    @Test
    void stagingKeysTemplateIsCommittedAndCurrent() throws IOException {
        check("deploy/aws/template/settle-staging-keys.json", Synthesized.staging().keys);
    }

    private static void check(String file, Template template) throws IOException {
        String current = JSON.writeValueAsString(template.toJSON()) + "\n";
        Path path = Repo.path(file);
        if (Boolean.getBoolean("settle.cdk.write")) {
            Files.createDirectories(path.getParent());
            Files.writeString(path, current);
        }
        assertThat(path).as(file + " (regenerate with -Dsettle.cdk.write=true)").exists();
        assertThat(Files.readString(path)).as(file + " is stale: regenerate with -Dsettle.cdk.write=true and commit the diff")
                .isEqualTo(current);
    }
}
