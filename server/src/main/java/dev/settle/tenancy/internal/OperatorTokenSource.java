package dev.settle.tenancy.internal;

import org.springframework.stereotype.Component;

/** Hands the operator token to {@link dev.settle.tenancy.OperatorCredentials}, keeping {@link TenancySecrets} internal. */
@Component
public class OperatorTokenSource {

    private final TenancySecrets secrets;

    OperatorTokenSource(TenancySecrets secrets) {
        this.secrets = secrets;
    }

    public String operatorToken() {
        return secrets.operatorToken();
    }
}
