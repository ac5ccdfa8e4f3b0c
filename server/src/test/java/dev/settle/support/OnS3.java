package dev.settle.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.ContextConfiguration;

/**
 * With {@link SettleTest}: Settle keeps its files (settlement reports) in an S3 bucket — the
 * S3-compatible server of {@link S3Server} — instead of a local folder. A suite extended with this
 * runs unchanged on both stores.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ContextConfiguration(initializers = S3Server.Initializer.class)
public @interface OnS3 {
}
