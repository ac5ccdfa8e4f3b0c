package dev.settle.files.internal;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code s3} in {@code /actuator/health}: UP when the bucket answers a HEAD, else DEGRADED, not
 * DOWN: the node still serves everything but report uploads and downloads (those answer 503), and
 * a load balancer must not take every node out because their shared bucket went away.
 */
final class S3Health implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "S3 does not answer: report uploads and downloads fail with 503");

    private final S3ObjectStore s3;

    S3Health(S3ObjectStore s3) {
        this.s3 = s3;
    }

    @Override
    public Health health() {
        try {
            s3.checkBucket();
            return Health.up().withDetail("bucket", s3.bucket()).build();
        } catch (RuntimeException e) {
            return Health.status(DEGRADED).withDetail("bucket", s3.bucket()).withDetail("error", e.toString()).build();
        }
    }
}
