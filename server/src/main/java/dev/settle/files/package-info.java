/**
 * Files: object storage for what Settle keeps as whole files (settlement reports), behind one
 * facade. Objects are keyed by their SHA-256 under a prefix (an account's), so the same bytes
 * stored twice are one object. A local folder ({@code <data-dir>/objects}) when embedded, an S3
 * bucket when {@code SETTLE_S3_BUCKET} is set; downloads go through short-lived links (presigned
 * GETs on S3).
 */
@ApplicationModule(allowedDependencies = {"shared", "platform"})
@NullMarked
package dev.settle.files;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
