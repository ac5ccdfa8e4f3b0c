package dev.settle.tenancy.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.settle.platform.SettleProperties;

/**
 * On the first start in embedded mode there is nobody to create an account, so Settle makes
 * a default one and prints its test secret key, the operator token and a request to try.
 * The key is shown this once; later starts only remind where to find the operator token.
 */
@Component
class EmbeddedBootstrap {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBootstrap.class);

    private final Accounts accounts;
    private final TenancySecrets secrets;
    private final SettleProperties settle;

    EmbeddedBootstrap(Accounts accounts, TenancySecrets secrets, SettleProperties settle) {
        this.accounts = accounts;
        this.secrets = secrets;
        this.settle = settle;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        if (!settle.embedded()) {
            return;
        }
        if (accounts.none()) {
            Accounts.CreatedAccount created = accounts.create("Default account");
            String key = created.testKey().secret();
            String banner = """

                    ================================================================================
                     Settle is running (embedded mode, data in %s)

                     Default account:   %s
                     Test secret key:   %s
                     Operator token:    %s

                     The key is shown only now. Try:
                       curl %s/v1/customers -u %s:
                    ================================================================================
                    """.formatted(settle.dataDir().toAbsolutePath().normalize(), created.account().id(), key,
                    secrets.operatorToken(), settle.publicUrl(), key);
            System.out.println(banner);
            log.info("Created the default account {} on first start", created.account().id());
        } else {
            System.out.println("""

                    Settle is running (embedded mode, data in %s) at %s
                    The default account's test key was printed on first start. The operator token
                    is in %s; mint new keys with POST /v1/accounts/{id}/keys.
                    """.formatted(settle.dataDir().toAbsolutePath().normalize(), settle.publicUrl(),
                    settle.dataDir().resolve("secrets.properties").toAbsolutePath().normalize()));
        }
    }
}
