package dev.settle.reconciliation;

import dev.settle.support.OnS3;
import dev.settle.support.SettleTest;

/** The reconciliation suite (reports fetched, uploaded raw and as multipart, ingested, matched), with the reports in S3. */
@SettleTest
@OnS3
class ReconciliationApiOnS3Tests extends ReconciliationApiTests {
}
