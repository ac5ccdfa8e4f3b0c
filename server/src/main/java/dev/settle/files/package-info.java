/**
 * Files: object storage for what Settle keeps as whole files (settlement reports), behind one
 * facade. Objects are keyed by their SHA-256 under a prefix (an account's), so the same bytes
 * stored twice are one object. A local folder ({@code <data-dir>/objects}) when embedded; the
 * store is chosen by {@code settle.files.store}, so S3 is a second implementation of
 * {@code internal.ObjectStore}.
 */
@ApplicationModule(allowedDependencies = {"shared", "platform"})
@NullMarked
package dev.settle.files;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
