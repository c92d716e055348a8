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
import io.crmsync.connector.jdbc.JdbcConnector;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.run.DeletedRecordResync;
import io.crmsync.engine.run.ObjectSyncRunner;
import io.crmsync.engine.run.ProgressListener;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.run.RunUndo;
import io.crmsync.engine.state.StateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * A loaded config with its connectors and state store: what every CLI command works on. Validation happens in
 * stages, each reporting all of its problems: the file ({@link ConfigException}), each app's settings and the
 * state store's URL, the apps' reachability ({@link ConnectorException}), then the tables, columns and mappings
 * against the apps' schemas. {@link #openStateOnly} stops after the file and the state store's URL, for the
 * commands that read only the state store. Not thread-safe.
 */
public final class Workspace implements AutoCloseable {
    private final CrmsyncConfig config;
    private final Map<String, Connector> connectors = new LinkedHashMap<>();
    private final List<BoundObjectSync> objectSyncs = new ArrayList<>();
    private final EmbeddedSandboxes sandboxes = new EmbeddedSandboxes();
    private StateStore store;

    /** One object sync, bound and ready to run. */
    public record BoundObjectSync(ObjectSyncSettings settings, boolean enabled) {
        public String sync() {
            return settings.sync();
        }

        public String object() {
            return settings.object();
        }

        /** The object sync by name, as the state store keys it. */
        public ObjectSyncRef ref() {
            return ObjectSyncRef.of(settings, enabled);
        }
    }

    private Workspace(CrmsyncConfig config) {
        this.config = config;
    }

    /**
     * Loads, validates and binds a config: connects to every app and reads the schemas it needs.
     *
     * @throws ConfigException    for any problem in the file, in an app's settings, in the state store's URL,
     *                            with a table or column, or in a mapping (exit code 2)
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

    /**
     * Loads a config without connecting to its apps: enough for {@link #declared} and {@link #store()}, for the
     * commands that report what the state store holds while an app may be down.
     *
     * @throws ConfigException for any problem in the file or in the state store's URL (exit code 2)
     */
    public static Workspace openStateOnly(Path file, Map<String, String> env) {
        Workspace w = new Workspace(ConfigLoader.load(file, env));
        List<ConfigError> errors = StateUrl.problems(w.config);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return w;
    }

    public CrmsyncConfig config() {
        return config;
    }

    /** The bound object syncs; empty for a workspace opened with {@link #openStateOnly}. */
    public List<BoundObjectSync> objectSyncs() {
        return objectSyncs;
    }

    /** The bound object syncs selected by name; {@code null} selects all. */
    public List<BoundObjectSync> select(String sync, String object) {
        return select(objectSyncs, BoundObjectSync::ref, sync, object);
    }

    /** The object syncs of the config selected by name, without connecting; {@code null} selects all. */
    public List<ObjectSyncRef> declared(String sync, String object) {
        List<ObjectSyncRef> all = new ArrayList<>();
        for (SyncConfig s : config.syncs().values()) {
            s.objects().values().forEach(os -> all.add(ObjectSyncRef.of(s, os)));
        }
        return select(all, ref -> ref, sync, object);
    }

    private <T> List<T> select(List<T> all, Function<T, ObjectSyncRef> ref, String sync, String object) {
        List<T> out = new ArrayList<>();
        for (T item : all) {
            ObjectSyncRef r = ref.apply(item);
            if ((sync == null || sync.equals(r.sync())) && (object == null || object.equals(r.object()))) {
                out.add(item);
            }
        }
        if (out.isEmpty() && (sync != null || object != null)) {
            List<String> names = all.stream().map(item -> ref.apply(item).label()).toList();
            throw new ConfigException(List.of(new ConfigError(config.file(), 0, "syncs",
                    "no object sync named " + (sync == null ? "*" : sync) + "/" + (object == null ? "*" : object)
                            + "; the object syncs are: " + String.join(", ", names)
                            + " (select one with --sync NAME --object NAME)")));
        }
        return out;
    }

    /** The state store, opened on first use (by whichever thread comes first). */
    public synchronized StateStore store() {
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

    /**
     * The resync of deleted records of one object sync (DESIGN.md §2.5), over the workspace's connectors and
     * state store; see {@link DeletedRecordResync}.
     */
    public DeletedRecordResync resync(BoundObjectSync os, RunOptions options) {
        return new DeletedRecordResync(os.settings(), connectors.get(os.settings().appA()),
                connectors.get(os.settings().appB()), store(), options);
    }

    /** The undo of runs of one object sync ({@code crmsync undo}), with its apps' connectors. */
    public RunUndo undo(BoundObjectSync os) {
        return new RunUndo(os.settings(), connectors.get(os.settings().appA()), connectors.get(os.settings().appB()),
                store());
    }

    /**
     * Runs one object sync for ids pushed by webhooks or database notifications: reads them by id and leaves the
     * checkpoints alone ({@link ObjectSyncRunner#runPushed}). Safe to call from several threads for different
     * object syncs.
     */
    public RunReport runPushed(BoundObjectSync os, Map<Side, java.util.Set<String>> ids, RunOptions options) {
        return new ObjectSyncRunner(os.settings(), connectors.get(os.settings().appA()),
                connectors.get(os.settings().appB()), store(), options, null).runPushed(ids);
    }

    private void connect() {
        Map<String, ConnectorFactory> factories = new LinkedHashMap<>();
        for (ConnectorFactory f : ServiceLoader.load(ConnectorFactory.class)) {
            factories.put(f.type(), f);
        }
        List<ConfigError> errors = new ArrayList<>(StateUrl.problems(config));
        Map<String, AppSettings> apps = new LinkedHashMap<>();
        for (AppSettings declared : config.apps().values()) {
            AppSettings app = sandboxes.resolve(config, declared, errors);
            if (app == null) {
                continue;
            }
            apps.put(app.name(), app);
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
        for (AppSettings app : apps.values()) {
            connectors.put(app.name(), factories.get(app.type()).open(app));
        }
        for (Map.Entry<String, Connector> e : connectors.entrySet()) {
            errors.addAll(checkSchema(e.getKey(), e.getValue()));
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    /**
     * Connects to an app and checks its tables and columns: each one missing is an error on its own key's line
     * (JDBC apps), or the connector's one message on the app's {@code objects} line (other connectors).
     *
     * @throws ConnectorException when the app cannot be reached or refuses the credentials
     */
    private List<ConfigError> checkSchema(String app, Connector connector) {
        try {
            if (connector instanceof JdbcConnector jdbc) {
                return config.toErrors(app, jdbc.schemaProblems());
            }
            connector.check();
            return List.of();
        } catch (ConnectorException ex) {
            if (ex.category() == FailureCategory.UNKNOWN_PROPERTY) {
                return List.of(config.errorAt("apps." + app + ".objects", withoutApp(app, ex.getMessage())));
            }
            String message = config.redact(ex.getMessage());
            if ((ex.category() == FailureCategory.AUTHENTICATION || ex.category() == FailureCategory.PERMISSION)
                    && !message.startsWith("app " + app + ": ")) {
                // With two accounts of one kind (two HubSpot apps), only the app's name says whose token it is.
                message = "app " + app + ": " + message;
            }
            throw new ConnectorException(ex.category(), message, ex.retryAfterMs(), null);
        }
    }

    private void bind() {
        List<ConfigError> errors = new ArrayList<>();
        Binder binder = new Binder(config);
        for (SyncConfig sync : config.syncs().values()) {
            for (ObjectSyncConfig os : sync.objects().values()) {
                Map<Side, ObjectSchema> schemas = new EnumMap<>(Side.class);
                for (Side side : Side.values()) {
                    String app = sync.appName(side);
                    Connector connector = connectors.get(app);
                    try {
                        schemas.put(side, connector.schema(os.type(side)));
                    } catch (ConnectorException e) {
                        if (e.category() != FailureCategory.UNKNOWN_PROPERTY) {
                            // Not an unknown type: the app failed reading it (e.g. a users table it needs).
                            errors.add(config.errorAt("apps." + app, withoutApp(app, e.getMessage())));
                            continue;
                        }
                        List<String> types = connector.info().objectTypes();
                        errors.add(config.errorAt(os.keyPath() + ".types." + app, "app " + app
                                + " has no object type \"" + os.type(side) + "\"" + (types.isEmpty()
                                ? ": " + withoutApp(app, e.getMessage())
                                : "; its object types are: " + String.join(", ", types))));
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
        CompanyDomainBinding.apply(config, objectSyncs, errors);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        associatedFirst(objectSyncs);
    }

    /**
     * Orders object syncs so that each runs after those whose links its associations use (companies before the
     * contacts associated with them): a contact's company is then linked by the time the contact is written.
     * Otherwise config order; a cycle keeps config order for the rest.
     */
    static void associatedFirst(List<BoundObjectSync> syncs) {
        List<BoundObjectSync> ordered = new ArrayList<>();
        List<BoundObjectSync> left = new ArrayList<>(syncs);
        while (!left.isEmpty()) {
            BoundObjectSync next = left.stream().filter(os -> os.settings().associations().stream().allMatch(name ->
                    ordered.stream().anyMatch(done -> done.sync().equals(os.sync()) && done.object().equals(name))
                            || left.stream().noneMatch(l -> l.sync().equals(os.sync()) && l.object().equals(name))))
                    .findFirst().orElse(left.get(0));
            ordered.add(next);
            left.remove(next);
        }
        syncs.clear();
        syncs.addAll(ordered);
    }

    /** A connector's message without its {@code app crm: } prefix, which the error's key path already says. */
    private String withoutApp(String app, String message) {
        String text = config.redact(message);
        String prefix = "app " + app + ": ";
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }

    @Override
    public void close() {
        connectors.values().forEach(Connector::close);
        sandboxes.close();
        if (store != null) {
            store.close();
        }
    }
}
