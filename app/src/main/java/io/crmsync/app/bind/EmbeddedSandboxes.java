package io.crmsync.app.bind;

import io.crmsync.api.AppSettings;
import io.crmsync.app.config.ConfigError;
import io.crmsync.app.config.CrmsyncConfig;
import io.crmsync.sandbox.SandboxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HubSpot apps configured with {@code sandbox: DIR} instead of a {@code baseUrl} and {@code token}: crmsync starts
 * the local HubSpot sandbox on that data folder, in its own process, on a free loopback port, for as long as the
 * workspace is open, and points the app at it. This is what lets the quickstart and a first try of a config run
 * with no account and no second process; a real account's config has a {@code token} and no {@code sandbox}.
 * The folder is resolved against the working directory, like every other path of the config. Not thread-safe.
 */
final class EmbeddedSandboxes implements AutoCloseable {
    static final String KEY = "sandbox";

    private final List<SandboxServer> started = new ArrayList<>();

    /**
     * The settings to open {@code app} with: unchanged unless it is a HubSpot app with a {@code sandbox} key; then
     * a copy whose {@code baseUrl} is the started sandbox and whose {@code token} is the sandbox's.
     *
     * @param errors receives a problem with the key (both {@code sandbox} and {@code baseUrl} given, or a sandbox
     *               that cannot start, e.g. because another process holds its folder)
     * @return the settings to open the app with, or {@code null} after a problem: the app's other settings are
     *         not worth checking then, as they would only add errors that follow from this one
     */
    AppSettings resolve(CrmsyncConfig config, AppSettings app, List<ConfigError> errors) {
        if (!"hubspot".equals(app.type()) || !app.values().containsKey(KEY)) {
            return app;
        }
        String dir = app.string(KEY);
        String at = "apps." + app.name() + "." + KEY;
        if (app.string("baseUrl") != null) {
            errors.add(config.errorAt(at, "give either sandbox (a local HubSpot sandbox crmsync starts) or baseUrl"
                    + " (a HubSpot API to call), not both"));
            return null;
        }
        if (dir == null || dir.isBlank()) {
            errors.add(config.errorAt(at, "sandbox must name a folder for the sandbox's records, e.g. "
                    + "sandbox: ./hubspot-sandbox"));
            return null;
        }
        if (Files.exists(Path.of(dir)) && !Files.isDirectory(Path.of(dir))) {
            errors.add(config.errorAt(at, dir + " is a file, not a folder: sandbox names the folder that holds the"
                    + " sandbox's records"));
            return null;
        }
        SandboxServer server;
        try {
            server = SandboxServer.start(0, Path.of(dir));
        } catch (RuntimeException e) {
            errors.add(config.errorAt(at, "cannot start the local HubSpot sandbox on " + dir + ": " + e.getMessage()
                    + " (if `crmsync sandbox` is serving that folder, point the app at it with baseUrl and token"
                    + " instead)"));
            return null;
        }
        started.add(server);
        Map<String, Object> values = new LinkedHashMap<>(app.values());
        values.remove(KEY);
        values.put("baseUrl", "http://127.0.0.1:" + server.port());
        values.putIfAbsent("token", SandboxServer.DEFAULT_TOKEN);
        Set<String> secrets = new HashSet<>(app.secrets());
        secrets.add(String.valueOf(values.get("token")));
        return new AppSettings(app.name(), app.type(), values, secrets);
    }

    /** Stops every sandbox started; their records stay in their folders. */
    @Override
    public void close() {
        started.forEach(SandboxServer::stop);
        started.clear();
    }
}
