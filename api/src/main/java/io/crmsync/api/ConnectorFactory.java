package io.crmsync.api;

import java.util.List;

/**
 * Makes connectors of one type. Implementations are found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.crmsync.api.ConnectorFactory}.
 *
 * @since 0.1
 */
public interface ConnectorFactory {

    /** The value of the config's {@code type} key that selects this factory, e.g. {@code jdbc}. */
    String type();

    /**
     * Checks an app's settings without connecting, and returns every problem found (empty when valid).
     */
    List<ConfigProblem> validate(AppSettings settings);

    /**
     * Opens a connector for an app. Cheap: connections are opened lazily or pooled.
     *
     * @throws ConnectorException when the settings cannot be used
     */
    Connector open(AppSettings settings);
}
