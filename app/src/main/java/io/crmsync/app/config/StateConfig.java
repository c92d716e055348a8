package io.crmsync.app.config;

import java.util.Objects;

/**
 * Where crmsync keeps its links, checkpoints and audit log.
 *
 * @param url      JDBC URL as written in the config (a relative H2 path stays relative to the working
 *                 directory, as H2 resolves it)
 * @param user     database user, or {@code null}
 * @param password database password, or {@code null}; a secret, never printed
 */
public record StateConfig(String url, String user, String password) {
    /** The state store used when the config has no {@code state} key. */
    public static final String DEFAULT_URL = "jdbc:h2:file:./.crmsync/state";

    /** The default embedded H2 store. */
    public static final StateConfig DEFAULT = new StateConfig(DEFAULT_URL, null, null);

    public StateConfig {
        Objects.requireNonNull(url, "url");
    }

    @Override
    public String toString() {
        return "StateConfig[url=" + url + ", user=" + user + ", password=" + (password == null ? null : "***") + "]";
    }
}
