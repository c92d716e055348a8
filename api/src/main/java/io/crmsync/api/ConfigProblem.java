package io.crmsync.api;

/**
 * One problem in an app's settings, found by {@link ConnectorFactory#validate}.
 *
 * @param path    dotted path of the key inside the app's settings, e.g. {@code objects.contacts.table}
 * @param message what is wrong and how to fix it; never contains a secret
 * @since 0.1
 */
public record ConfigProblem(String path, String message) {
}
