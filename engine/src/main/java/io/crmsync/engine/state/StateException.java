package io.crmsync.engine.state;

/** The state store could not be opened, migrated, read or written. Messages never contain the password. */
public class StateException extends RuntimeException {
    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
