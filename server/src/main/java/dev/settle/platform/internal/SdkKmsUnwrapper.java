package dev.settle.platform.internal;

import java.util.Map;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;

/**
 * KMS {@code Decrypt} through the AWS SDK, with its default credentials (the instance role on EC2)
 * and region unless configured. Only used at start; closed afterwards.
 */
final class SdkKmsUnwrapper implements KmsSecretKeys.Unwrapper, AutoCloseable {

    private final KmsClient client;

    SdkKmsUnwrapper(KmsClient client) {
        this.client = client;
    }

    static SdkKmsUnwrapper of(KmsProperties properties) {
        KmsClientBuilder builder = KmsClient.builder();
        if (properties.region() != null && !properties.region().isBlank()) {
            builder.region(Region.of(properties.region()));
        }
        if (properties.endpoint() != null) {
            builder.endpointOverride(properties.endpoint());
        }
        return new SdkKmsUnwrapper(builder.build());
    }

    @Override
    public byte[] decrypt(String kmsKeyId, byte[] ciphertext, Map<String, String> encryptionContext) {
        return client.decrypt(DecryptRequest.builder()
                        .keyId(kmsKeyId)
                        .ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
                        .encryptionContext(encryptionContext)
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT)
                        .build())
                .plaintext().asByteArray();
    }

    @Override
    public void close() {
        client.close();
    }
}
