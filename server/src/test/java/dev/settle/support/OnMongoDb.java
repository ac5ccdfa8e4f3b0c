package dev.settle.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.ContextConfiguration;

/**
 * With {@link SettleTest}: Settle keeps its documents (event archive, webhook attempt log) in
 * MongoDB — the wire-compatible server of {@link MongoWireServer}, a process of its own — instead
 * of PostgreSQL. A suite extended with this runs unchanged on both stores.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ContextConfiguration(initializers = MongoWireServer.Initializer.class)
public @interface OnMongoDb {
}
