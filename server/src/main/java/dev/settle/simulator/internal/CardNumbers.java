package dev.settle.simulator.internal;

/**
 * Checks on a card number. Nothing here keeps, logs or echoes the number: callers derive what
 * they need (scenario, brand, last four, fingerprint) and drop it.
 */
final class CardNumbers {

    private CardNumbers() {
    }

    /** 12 to 19 digits with a valid Luhn check digit. */
    static boolean valid(String digits) {
        if (digits.length() < 12 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            int digit = c - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    static String brand(String digits) {
        if (digits.startsWith("34") || digits.startsWith("37")) {
            return "amex";
        }
        return switch (digits.charAt(0)) {
            case '4' -> "visa";
            case '5' -> "mastercard";
            case '6' -> "discover";
            default -> "unknown";
        };
    }

    static String last4(String digits) {
        return digits.substring(digits.length() - 4);
    }
}
