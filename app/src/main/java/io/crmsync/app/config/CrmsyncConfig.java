package io.crmsync.app.config;

import io.crmsync.api.AppSettings;
import io.crmsync.api.ConfigProblem;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A loaded, checked {@code crmsync.yaml} (DESIGN.md §4). Made by {@link ConfigLoader#load}.
 *
 * <p>It remembers the line of every key, so that problems found later (a connector's
 * {@link io.crmsync.api.ConnectorFactory#validate}, an unknown property name found after connecting) can still
 * point at the line to fix: see {@link #lineOf}, {@link #errorAt} and {@link #toErrors}.
 *
 * @param file  the config file, as the user named it
 * @param state where crmsync keeps its state
 * @param apps  the apps by name, in file order; unmodifiable
 * @param syncs the syncs by name, in file order; unmodifiable
 * @param lines the 1-based line of each key path; unmodifiable
 * @param serve the {@code serve:} settings, {@link ServeConfig#DEFAULT} when absent
 */
public record CrmsyncConfig(Path file, StateConfig state, Map<String, AppSettings> apps,
                            Map<String, SyncConfig> syncs, Map<String, Integer> lines, ServeConfig serve) {
    public CrmsyncConfig {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(serve, "serve");
        apps = Collections.unmodifiableMap(new LinkedHashMap<>(apps));
        syncs = Collections.unmodifiableMap(new LinkedHashMap<>(syncs));
        lines = Map.copyOf(lines);
    }

    /** A config without {@code serve:} settings. */
    public CrmsyncConfig(Path file, StateConfig state, Map<String, AppSettings> apps, Map<String, SyncConfig> syncs,
                         Map<String, Integer> lines) {
        this(file, state, apps, syncs, lines, ServeConfig.DEFAULT);
    }

    /** A config with no line information, e.g. built by hand in a test. */
    public CrmsyncConfig(Path file, StateConfig state, Map<String, AppSettings> apps, Map<String, SyncConfig> syncs) {
        this(file, state, apps, syncs, Map.of());
    }

    /**
     * The line of a key path such as {@code apps.crm.objects.contacts.table} or
     * {@code syncs.crm-shop.objects.contacts.mappings[2].shop}; 0 when the key is not in the file.
     */
    public int lineOf(String keyPath) {
        return lines.getOrDefault(keyPath, 0);
    }

    /**
     * The line of a key path or, when that key is not in the file (a required key that is missing), of its
     * nearest enclosing key; 0 when none is known.
     */
    public int lineNear(String keyPath) {
        return ConfigContext.lineNear(lines, keyPath);
    }

    /** A problem at a key path, on that key's line (or its nearest enclosing key's); secrets are redacted. */
    public ConfigError errorAt(String keyPath, String message) {
        return new ConfigError(file, lineNear(keyPath), keyPath, redact(message));
    }

    /**
     * Turns a connector's problems with an app's settings (paths relative to the app) into errors naming this
     * file and the line of {@code apps.<appName>.<path>}; secrets are redacted from the messages.
     */
    public List<ConfigError> toErrors(String appName, List<ConfigProblem> problems) {
        String base = "apps." + appName;
        return problems.stream().map(problem -> {
            String path = problem.path() == null || problem.path().isEmpty() ? base
                    : problem.path().startsWith("[") ? base + problem.path() : base + "." + problem.path();
            return errorAt(path, problem.message());
        }).toList();
    }

    /** The app with that name, or {@code null}. */
    public AppSettings app(String name) {
        return apps.get(name);
    }

    /** Every secret in the config: the apps' secrets and the state store's password. Never print these. */
    public Set<String> secrets() {
        Set<String> all = new LinkedHashSet<>();
        apps.values().forEach(app -> all.addAll(app.secrets()));
        if (state.password() != null) {
            all.add(state.password());
        }
        all.addAll(AppSettings.urlSecrets(state.url()));
        return all;
    }

    /** Replaces every secret of the config in a text by {@code ***}. */
    public String redact(String text) {
        return AppSettings.redact(text, secrets());
    }

    @Override
    public String toString() {
        // The line index is long and says nothing useful; apps and state print without secrets.
        return "CrmsyncConfig[file=" + file + ", state=" + state + ", apps=" + apps.values() + ", syncs="
                + syncs.values() + "]";
    }
}
