package dev.settle.tenancy.internal;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.settle.shared.InvalidRequestException;

/** Checks of a user's fields as the API takes them. */
final class UserFields {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s\\x00]{1,64}@[^@\\s\\x00]{1,190}\\.[^@\\s\\x00]{1,60}$");

    private UserFields() {
    }

    static String email(@Nullable String email) {
        if (email == null) {
            throw InvalidRequestException.missingParam("email");
        }
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw InvalidRequestException.invalidParam("email", "email must be an email address.");
        }
        return email;
    }

    static Role role(@Nullable String code) {
        if (code == null) {
            throw InvalidRequestException.missingParam("role");
        }
        Role role = Role.of(code);
        if (role == null) {
            throw InvalidRequestException.invalidParam("role", "role must be owner, admin, developer or analyst.");
        }
        return role;
    }
}
