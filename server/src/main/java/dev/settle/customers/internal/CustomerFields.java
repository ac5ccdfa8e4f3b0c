package dev.settle.customers.internal;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.settle.shared.InvalidRequestException;

/** The rules for a customer's contact fields, shared by create and update. */
final class CustomerFields {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PHONE = Pattern.compile("^[0-9+()\\-. ]{3,40}$");

    private CustomerFields() {
    }

    static @Nullable String email(@Nullable String email) {
        if (email == null || email.isEmpty()) {
            return null;
        }
        if (email.length() > 512 || !EMAIL.matcher(email).matches()) {
            throw InvalidRequestException.invalidParam("email", "Invalid email address: '" + abbreviate(email) + "'.");
        }
        return email;
    }

    static @Nullable String phone(@Nullable String phone) {
        if (phone == null || phone.isEmpty()) {
            return null;
        }
        if (!PHONE.matcher(phone).matches()) {
            throw InvalidRequestException.invalidParam("phone", "Invalid phone number.");
        }
        return phone;
    }

    static @Nullable String text(String param, @Nullable String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > maxLength) {
            throw InvalidRequestException.invalidParam(param, param + " can be at most " + maxLength + " characters long.");
        }
        return value;
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
