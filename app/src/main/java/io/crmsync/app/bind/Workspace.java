package io.crmsync.app.bind;

import io.crmsync.api.AppSettings;
import io.crmsync.api.ConfigProblem;
import io.crmsync.api.Connector;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.ConnectorFactory;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.ObjectSchema;
import io.crmsync.app.config.ConfigError;
import io.crmsync.app.config.ConfigException;
import io.crmsync.app.config.ConfigLoader;
import io.crmsync.app.config.CrmsyncConfig;
import io.crmsync.app.config.ObjectSyncConfig;
import io.crmsync.app.config.SyncConfig;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.run.ObjectSyncRunner;
import io.crmsync.engine.run.ProgressListener;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.StateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * A loaded config with its connectors and state store: what every CLI command works on. Validation happens in
 * stages, each reporting all of its problems: the file ({@link ConfigException}), each app's settings, the
 * apps' reachability ({@link ConnectorException}), then the mappings against the apps' schemas.
 * Not thread-safe.
 */
public final class Workspace implements AutoCloseable {
    private final CrmsyncConfig config;
    private final Map<String, Connector> connectors = new LinkedHashMap<>();
    private final List<BoundObjectSync> objectSyncs = new ArrayList<>();
    private StateStore store;

    /** One object sync, bound and ready to run. */
    public record BoundObjectSync(ObjectSyncSettings settings, boolean enabled) {
        public String sync() {
            return settings.sync();
        }

        public String object() {
            return settings.object();
        }
    }

    private Workspace(CrmsyncConfig config) {
        this.config = config;
    }

    /**
     * Loads, validates and binds a config: connects to every app and reads the schemas it needs.
     *
     * @throws ConfigException    for any problem in the file, in an app's settings or in a mapping (exit code 2)
     * @throws ConnectorException when an app cannot be reached or refuses the credentials (exit code 3)
     */
    public static Workspace open(Path file, Map<String, String> env) {
        Workspace w = new Workspace(ConfigLoader.load(file, env));
        try {
            w.connect();
            w.bind();
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
        return w;
    }

    public CrmsyncConfig config() {
        return config;
    }

    public List<BoundObjectSync> objectSyncs() {
        return objectSyncs;
    }

    /** The object syncs selected by name; {@code null} selects all. */
    public List<BoundObjectSync> select(String sync, String object) {
        List<BoundObjectSync> out = new ArrayList<>();
        for (BoundObjectSync b : objectSyncs) {
            if ((sync == null || sync.equals(b.sync())) && (object == null || object.equals(b.object()))) {
                out.add(b);
            }
        }
        if (out.isEmpty() && (sync != null || object != null)) {
            throw new ConfigException(List.of(new ConfigError(config.file(), 0, "syncs",
                    "no object sync named " + (sync == null ? "*" : sync) + "/" + (object == null ? "*" : object))));
        }
        return out;
    }

    /** The state store, opened on first use. */
    public StateStore store() {
        if (store == null) {
            store = StateStore.open(config.state().url(), config.state().user(), config.state().password());
        }
        return store;
    }

    /** Runs (or, with {@link RunOptions#dryRun()}, plans) one object sync. */
    public RunReport run(BoundObjectSync os, RunOptions options, ProgressListener progress) {
        return new ObjectSyncRunner(os.settings(), connectors.get(os.settings().appA()),
                connectors.get(os.settings().appB()), store(), options, progress).run();
    }

    private void connect() {
        Map<String, ConnectorFactory> factories = new LinkedHashMap<>();
        for (ConnectorFactory f : ServiceLoader.load(ConnectorFactory.class)) {
            factories.put(f.type(), f);
        }
        List<ConfigError> errors = new ArrayList<>();
        for (AppSettings app : config.apps().values()) {
            ConnectorFactory f = factories.get(app.type());
            if (f == null) {
                errors.add(config.errorAt("apps." + app.name() + ".type", "unknown connector type \"" + app.type()
                        + "\"; available: " + String.join(", ", factories.keySet())));
                continue;
            }
            List<ConfigProblem> problems = f.validate(app);
            errors.addAll(config.toErrors(app.name(), problems));
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        for (AppSettings app : config.apps().values()) {
            connectors.put(app.name(), factories.get(app.type()).open(app));
        }
        for (Map.Entry<String, Connector> e : connectors.entrySet()) {
            try {
                e.getValue().check();
            } catch (ConnectorException ex) {
                if (ex.category() == FailureCategory.UNKNOWN_PROPERTY) {
                    errors.add(config.errorAt("apps." + e.getKey() + ".objects", config.redact(ex.getMessage())));
                } else {
                    throw new ConnectorException(ex.category(), config.redact(ex.getMessage()), ex.retryAfterMs(), null);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    private void bind() {
        List<ConfigError> errors = new ArrayList<>();
        Binder binder = new Binder(config);
        for (SyncConfig sync : config.syncs().values()) {
            for (ObjectSyncConfig os : sync.objects().values()) {
                Map<Side, ObjectSchema> schemas = new EnumMap<>(Side.class);
                for (Side side : Side.values()) {
                    try {
                        schemas.put(side, connectors.get(sync.appName(side)).schema(os.type(side)));
                    } catch (ConnectorException e) {
                        errors.add(config.errorAt(os.keyPath() + ".types", "app " + sync.appName(side)
                                + " has no object type \"" + os.type(side) + "\": " + config.redact(e.getMessage())));
                    }
                }
                if (schemas.size() == 2) {
                    ObjectSyncSettings s = binder.bind(sync, os, schemas, errors);
                    if (s != null) {
                        objectSyncs.add(new BoundObjectSync(s, os.enabled()));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    @Override
    public void close() {
        connectors.values().forEach(Connector::close);
        if (store != null) {
            store.close();
        }
    }
}
