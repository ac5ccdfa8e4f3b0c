package dev.settle.dashboard.internal;

/** The user's role does not allow this page's action (the API would refuse it too), or the form's CSRF token is wrong. */
class Forbidden extends RuntimeException {

    Forbidden(String message) {
        super(message);
    }
}
