package dev.settle.tenancy.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Users' passwords are stored as BCrypt hashes (Spring Security's encoder; no Spring Security filters). */
@Configuration(proxyBeanMethods = false)
class PasswordHashing {

    @Bean
    PasswordEncoder passwordEncoder(UsersProperties properties) {
        return new BCryptPasswordEncoder(properties.bcryptStrength());
    }
}
