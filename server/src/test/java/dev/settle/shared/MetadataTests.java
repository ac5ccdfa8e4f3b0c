package dev.settle.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MetadataTests {

    @Test
    void boundsAreFiftyKeysFortyCharKeysFiveHundredCharValues() {
        Map<String, String> fifty = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            fifty.put("k" + i, "v");
        }
        assertThat(Metadata.validate(fifty)).hasSize(50);
        fifty.put("one-more", "v");
        assertThatThrownBy(() -> Metadata.validate(fifty)).isInstanceOf(InvalidRequestException.class);
        assertThat(Metadata.validate(Map.of("k".repeat(40), "v".repeat(500)))).hasSize(1);
        assertThatThrownBy(() -> Metadata.validate(Map.of("k".repeat(41), "v"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Metadata.validate(Map.of("k", "v".repeat(501))))
                .isInstanceOf(InvalidRequestException.class).extracting("param").isEqualTo("metadata[k]");
    }

    @Test
    void mergeSetsRemovesAndKeeps() {
        Map<String, String> merged = Metadata.merge(Map.of("a", "1", "b", "2"), Map.of("a", "", "c", "3"));
        assertThat(merged).containsExactlyInAnyOrderEntriesOf(Map.of("b", "2", "c", "3"));
    }
}
