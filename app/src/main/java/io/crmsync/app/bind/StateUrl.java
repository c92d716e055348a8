package io.crmsync.app.bind;

import io.crmsync.app.config.ConfigError;
import io.crmsync.app.config.CrmsyncConfig;
import io.crmsync.app.config.StateConfig;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * Checks the state store's URL without connecting: a URL that is not JDBC or that no driver accepts is a
 * mistake in the config (exit code 2), reported at the {@code state} key, rather than an unreachable store.
 */
final class StateUrl {
    private StateUrl() {
    }

    /** The problems with the config's {@code state} URL; empty when a driver accepts it. */
    static List<ConfigError> problems(CrmsyncConfig config) {
        String url = config.state().url();
        String key = config.lineOf("state.url") > 0 ? "state.url" : "state";
        String example = "e.g. " + StateConfig.DEFAULT_URL + " or jdbc:postgresql://host/db";
        if (!url.startsWith("jdbc:")) {
            return List.of(config.errorAt(key, "the state store needs a JDBC URL starting with \"jdbc:\", "
                    + example));
        }
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            return List.of(config.errorAt(key, scheme(url) + " cannot hold the state store; it can be h2 or"
                    + " postgresql, " + example));
        }
        try {
            DriverManager.getDriver(url);
            return List.of();
        } catch (SQLException e) {
            return List.of(config.errorAt(key, "no JDBC driver for " + scheme(url)
                    + "; the state store can be h2 or postgresql, " + example));
        }
    }

    /** {@code jdbc:nosuchdb:...}: the part of a URL that chooses the driver, without what may follow. */
    private static String scheme(String url) {
        int end = url.indexOf(':', "jdbc:".length());
        return end < 0 ? url : url.substring(0, end + 1) + (end + 1 < url.length() ? "..." : "");
    }
}
