package dev.settle.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.settle.support.Api;
import dev.settle.support.OnS3;
import dev.settle.support.S3Server;
import dev.settle.support.SettleTest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The same, with the files in S3: the object sits under the key prefix and the account's id,
 * was stored with server-side encryption, and its link is a presigned GET of the bucket's.
 */
@SettleTest
@OnS3
class ReportFileApiOnS3Tests extends ReportFileApiTests {

    @Test
    void theReportIsStoredEncryptedUnderItsAccountAndLinkedByAPresignedUrl() throws Exception {
        Api.Account account = api.newAccount();
        Api.Response report = Reconciliation.upload(api, account.testKey(), csv("sch_s3_" + account.id()));
        assertThat(report.status()).as(report.toString()).isEqualTo(200);
        String objectKey = "settle-tests/" + account.id() + "/test/" + report.text("sha256");
        assertThat(report.text("file")).isEqualTo(account.id() + "/test/" + report.text("sha256"));

        try (S3Client s3 = S3Server.shared().client()) {
            List<String> keys = s3.listObjectsV2(b -> b.bucket(S3Server.BUCKET).prefix("settle-tests/" + account.id() + "/"))
                    .contents().stream().map(S3Object::key).toList();
            assertThat(keys).containsExactly(objectKey);
            HeadObjectResponse head = s3.headObject(b -> b.bucket(S3Server.BUCKET).key(objectKey));
            assertThat(head.serverSideEncryption()).as("x-amz-server-side-encryption of the stored object")
                    .isEqualTo(ServerSideEncryption.AES256);
        }

        Api.Response link = api.get("/v1/reconciliation/reports/" + report.text("id") + "/file", account.testKey());
        assertThat(link.text("url")).startsWith(S3Server.shared().endpoint() + "/" + S3Server.BUCKET + "/" + objectKey + "?")
                .contains("X-Amz-Signature=").contains("X-Amz-Expires=300");
    }
}
