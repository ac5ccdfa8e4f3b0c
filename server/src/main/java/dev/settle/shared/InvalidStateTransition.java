package dev.settle.shared;

/**
 * 409: an action was asked of an object in a state that does not allow it. The message
 * and the stable code name the state that was found, e.g.
 * {@code payment_intent_unexpected_state}.
 */
public class InvalidStateTransition extends ConflictException {

    private final String currentStatus;

    public InvalidStateTransition(String objectName, String action, String id, String currentStatus) {
        super(objectName + "_unexpected_state",
                "You cannot " + action + " this " + objectName.replace('_', ' ') + " because it has a status of "
                        + currentStatus + ". (" + id + ")",
                null);
        this.currentStatus = currentStatus;
    }

    public String currentStatus() {
        return currentStatus;
    }
}
