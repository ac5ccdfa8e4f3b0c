package dev.settle.files.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.settle.files.StoredFile;

class LocalObjectStoreTests {

    @TempDir
    Path root;

    @Test
    void storesUnderThePrefixByContentHashAndReadsItBack() throws Exception {
        LocalObjectStore store = new LocalObjectStore(root);
        byte[] bytes = "id,type\n1,charge\n".getBytes(StandardCharsets.UTF_8);

        StoredFile stored = store.put("acct_1", new ByteArrayInputStream(bytes));

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(stored).isEqualTo(new StoredFile("acct_1/" + expected, expected, bytes.length));
        assertThat(store.exists("acct_1", expected)).isTrue();
        assertThat(store.exists("acct_2", expected)).isFalse();
        assertThat(store.size("acct_1", expected)).hasValue(bytes.length);
        try (InputStream in = store.open("acct_1", expected).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void theSameBytesTwiceAreOneObject() throws Exception {
        LocalObjectStore store = new LocalObjectStore(root);
        StoredFile first = store.put("acct_1", new ByteArrayInputStream(new byte[] {1, 2, 3}));
        StoredFile second = store.put("acct_1", new ByteArrayInputStream(new byte[] {1, 2, 3}));

        assertThat(second).isEqualTo(first);
        try (var files = Files.list(root.resolve("acct_1"))) {
            assertThat(files.toList()).containsExactly(root.resolve("acct_1").resolve(first.sha256()));
        }
    }

    @Test
    void aStreamThatFailsMidwayLeavesNoObjectAndNoPart() {
        LocalObjectStore store = new LocalObjectStore(root);
        InputStream failing = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ > 1000) {
                    throw new IOException("connection reset");
                }
                return 'x';
            }
        };

        assertThatThrownBy(() -> store.put("acct_1", failing)).isInstanceOf(IOException.class);
        assertThat(root.resolve("acct_1").toFile().list()).isEmpty();
    }

    @Test
    void anUnknownObjectIsEmpty() throws Exception {
        LocalObjectStore store = new LocalObjectStore(root);
        assertThat(store.open("acct_1", "0".repeat(64))).isEmpty();
        assertThat(store.size("acct_1", "0".repeat(64))).isEmpty();
    }
}
