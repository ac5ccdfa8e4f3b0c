package dev.settle.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.stereotype.Component;

import dev.settle.tenancy.internal.OperatorTokenSource;

/**
 * Checks a credential against the installation's operator token, for endpoints outside the
 * {@code /v1} API that only the operator may call (the metrics scrape, {@code /actuator/prometheus}).
 */
@Component
public class OperatorCredentials {

    private final OperatorTokenSource token;

    OperatorCredentials(OperatorTokenSource token) {
        this.token = token;
    }

    /** Constant time in the credential's content. */
    public boolean isOperatorToken(String credential) {
        return MessageDigest.isEqual(credential.getBytes(StandardCharsets.UTF_8), token.operatorToken().getBytes(StandardCharsets.UTF_8));
    }
}
