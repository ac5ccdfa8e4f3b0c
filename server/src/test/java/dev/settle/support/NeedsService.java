package dev.settle.support;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A test that needs a service of the machine (Redis on 6379, RabbitMQ on 5672, PostgreSQL on
 * 5432): it runs in the normal {@code ./mvnw test} where the service listens on 127.0.0.1 (this
 * machine and CI), and is skipped with a message naming the service where it does not. Checked
 * before any Spring context is built.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Repeatable(NeedsService.All.class)
@ExtendWith(NeedsService.Condition.class)
public @interface NeedsService {

    String name();

    int port();

    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(NeedsService.Condition.class)
    @interface All {
        NeedsService[] value();
    }

    final class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            for (NeedsService service : AnnotationSupport.findRepeatableAnnotations(context.getElement(), NeedsService.class)) {
                if (!listening(service.port())) {
                    return ConditionEvaluationResult.disabled(service.name() + " is not listening on 127.0.0.1:" + service.port()
                            + ": skipped (start it to run this test; docs/operations.md, Running a cluster)");
                }
            }
            return ConditionEvaluationResult.enabled("the services it needs are listening");
        }

        private static boolean listening(int port) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
