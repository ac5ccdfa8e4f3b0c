package dev.settle.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class IdsTests {

    @Test
    void randomIdsHaveThePrefixAnd24Base62Characters() {
        assertThat(Ids.newId("cus")).matches("cus_[0-9A-Za-z]{24}");
    }

    @Test
    void timeOrderedIdsHaveTheSameShapeAndSortByTime() {
        Instant start = Instant.parse("2026-11-21T10:15:30.123Z");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            ids.add(Ids.newTimeOrderedId("evt", start.plusMillis(i * 37L)));
        }
        assertThat(ids).allMatch(id -> id.matches("evt_[0-9A-Za-z]{24}")).allMatch(id -> Ids.looksLike("evt", id));
        assertThat(ids).isSorted();
        assertThat(Ids.newTimeOrderedId("evt", Instant.parse("2026-11-21T10:15:30.124Z")))
                .as("a millisecond later sorts later whatever the random part")
                .isGreaterThan(Ids.newTimeOrderedId("evt", start));
        assertThat(Ids.newTimeOrderedId("evt", Instant.parse("8887-01-01T00:00:00Z")))
                .isGreaterThan(Ids.newTimeOrderedId("evt", start));
    }

    @Test
    void timeOrderedIdsOfTheSameMillisecondDiffer() {
        Instant now = Instant.parse("2026-11-21T10:15:30.123Z");
        HashSet<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Ids.newTimeOrderedId("evt", now));
        }
        assertThat(ids).hasSize(10_000);
    }
}
