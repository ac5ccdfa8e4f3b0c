package dev.settle.platform.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A KMS for tests, over HTTP in KMS's own JSON protocol (JSON 1.1, {@code X-Amz-Target:
 * TrentService.Decrypt}), so the AWS SDK's real client, request signing and error mapping run. It
 * holds one master key per key ARN; a ciphertext is AES-GCM under the master key with the
 * encryption context as associated data, so a ciphertext opens only under its own key and context,
 * as in KMS. It is not KMS: no key policies, grants, aliases, or KMS's real ciphertext format.
 */
final class KmsStub implements AutoCloseable {

    record Call(String target, String authorization, JsonNode body) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final Map<String, byte[]> masterKeys = new TreeMap<>();
    final List<Call> calls = new CopyOnWriteArrayList<>();

    KmsStub(String... keyArns) throws IOException {
        SecureRandom random = new SecureRandom();
        for (String arn : keyArns) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            masterKeys.put(arn, key);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** What {@code GenerateDataKeyWithoutPlaintext} would return for this data key: its ciphertext. */
    String wrap(String keyArn, byte[] dataKey, Map<String, String> context) throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKeys.get(keyArn), "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad(keyArn, context));
        byte[] sealed = cipher.doFinal(dataKey);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        calls.add(new Call(target, exchange.getRequestHeaders().getFirst("Authorization"), body));
        if (!"TrentService.Decrypt".equals(target)) {
            reply(exchange, 400, Map.of("__type", "UnsupportedOperationException", "message", "stub: " + target));
            return;
        }
        String keyId = body.path("KeyId").asString();
        byte[] master = masterKeys.get(keyId);
        if (master == null) {
            reply(exchange, 400, Map.of("__type", "NotFoundException", "message", "Key '" + keyId + "' does not exist"));
            return;
        }
        Map<String, String> context = new TreeMap<>();
        body.path("EncryptionContext").properties().forEach(e -> context.put(e.getKey(), e.getValue().asString()));
        try {
            ByteBuffer blob = ByteBuffer.wrap(Base64.getDecoder().decode(body.path("CiphertextBlob").asString()));
            byte[] nonce = new byte[12];
            blob.get(nonce);
            byte[] sealed = new byte[blob.remaining()];
            blob.get(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(master, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad(keyId, context));
            byte[] plain = cipher.doFinal(sealed);
            reply(exchange, 200, Map.of("KeyId", keyId, "Plaintext", Base64.getEncoder().encodeToString(plain),
                    "EncryptionAlgorithm", "SYMMETRIC_DEFAULT"));
        } catch (GeneralSecurityException | RuntimeException e) {
            reply(exchange, 400, Map.of("__type", "InvalidCiphertextException", "message", "stub: the ciphertext does not open"));
        }
    }

    private static byte[] aad(String keyArn, Map<String, String> context) {
        List<String> parts = new ArrayList<>(List.of(keyArn));
        new TreeMap<>(context).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join("\n", parts).getBytes(StandardCharsets.UTF_8);
    }

    private static void reply(HttpExchange exchange, int status, Map<String, String> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
