package io.crmsync.app.cli;

/** A command's options cannot be used together or with this config (exit code 2). */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
