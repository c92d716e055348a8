package io.crmsync.app.config;

import io.crmsync.api.AppSettings;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads and checks a {@code crmsync.yaml} (DESIGN.md §4) into a {@link CrmsyncConfig}.
 *
 * <p>Every problem in the file is collected and reported together in one {@link ConfigException}, each with
 * its line and key path. {@code ${NAME}} in any value reads an environment variable. Values of keys named
 * {@code password}, {@code token}, {@code accessToken}, {@code clientSecret}, {@code refreshToken} or
 * {@code apiKey} under an app are secrets: they go into {@link AppSettings#secrets()} and never into a message.
 *
 * <p>Connector keys under {@code apps.<name>} are not checked here; run each app through its
 * {@link io.crmsync.api.ConnectorFactory#validate} and report with {@link CrmsyncConfig#toErrors}.
 */
public final class ConfigLoader {
    private static final List<String> TOP_KEYS = List.of("state", "apps", "syncs", "serve");
    private static final List<String> SERVE_KEYS = List.of("port", "pollInterval", "reconcileInterval");
    private static final List<String> STATE_KEYS = List.of("url", "user", "password");
    /** App names that would clash with the other keys of a mapping entry ({crm: a, shop: b, enabled, direction}). */
    private static final Set<String> RESERVED_APP_NAMES = Set.of("enabled", "direction");
    private static final Pattern INTEGER = Pattern.compile("[-+]?(0|[1-9][0-9]*)");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+\\.[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?"
            + "|[-+]?[0-9]+[eE][-+]?[0-9]+");
    /** Finds secrets typed literally into the file, so they can be kept out of a parse error too. */
    private static final Pattern LITERAL_SECRET = Pattern.compile(
            "(?im)^[\\s-]*[\"']?(?:password|token|accesstoken|clientsecret|refreshtoken|apikey)[\"']?\\s*:\\s*"
                    + "[\"']?([^\"'#\\s][^\"'#]*?)[\"']?\\s*(?:#.*)?$");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private ConfigLoader() {
    }

    /**
     * Reads and checks a config file.
     *
     * @param file the file, named as the user gave it (it is printed that way in messages)
     * @param env  the environment for {@code ${NAME}} references; the CLI passes {@link System#getenv()}
     * @return the checked config
     * @throws ConfigException listing every problem found, including a file that cannot be read
     */
    public static CrmsyncConfig load(Path file, Map<String, String> env) {
        String text;
        if (Files.isDirectory(file)) {
            throw new ConfigException(List.of(new ConfigError(file, 0, "", "is a directory, not a config file; "
                    + "use --config FILE")));
        }
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(new ConfigError(file, 0, "", "no such file; use --config FILE or run"
                    + " in the folder holding crmsync.yaml")));
        } catch (AccessDeniedException e) {
            throw new ConfigException(List.of(new ConfigError(file, 0, "", "cannot read the file: permission denied")));
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of(new ConfigError(file, 0, "", "the file is not UTF-8 text")));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(file, 0, "", "cannot read the file: " + e)));
        }
        return parse(file, text, env);
    }

    /**
     * Checks config text that did not come from a file as such (e.g. standard input).
     *
     * @param file the name to print in messages
     * @param yaml the config text
     * @param env  the environment for {@code ${NAME}} references
     * @return the checked config
     * @throws ConfigException listing every problem found
     */
    public static CrmsyncConfig parse(Path file, String yaml, Map<String, String> env) {
        ConfigContext ctx = new ConfigContext(file, Map.copyOf(env));
        YamlNode root = YamlReader.read(yaml, ctx);
        if (root == null && ctx.hasProblems()) {
            throw new ConfigException(ctx.redactedErrors(literalSecrets(yaml, env)));
        }
        if (root != null && !root.isMap()) {
            ctx.problem("", "the file must be a map with the keys state, apps and syncs, not " + root.describe());
            throw new ConfigException(ctx.redactedErrors(literalSecrets(yaml, env)));
        }
        YamlNode top = root != null ? root : YamlNode.map("", 0, new LinkedHashMap<>());
        ctx.checkKeys(top, TOP_KEYS);
        StateConfig state = state(ctx, top.get("state"));
        Set<String> appNames = new LinkedHashSet<>();
        Map<String, AppSettings> apps = apps(ctx, top.get("apps"), appNames);
        Map<String, SyncConfig> syncs = new SyncParser(ctx, appNames).parse(top.get("syncs"));
        ServeConfig serve = serve(ctx, top.get("serve"));
        if (ctx.hasProblems()) {
            throw new ConfigException(ctx.redactedErrors(literalSecrets(yaml, env)));
        }
        return new CrmsyncConfig(file, state, apps, syncs, ctx.lines, serve);
    }

    private static StateConfig state(ConfigContext ctx, YamlNode node) {
        if (YamlNode.absent(node)) {
            return StateConfig.DEFAULT;
        }
        if (node.isScalar()) {
            String url = ctx.nonEmptyText(node);
            return url == null ? StateConfig.DEFAULT : new StateConfig(url, null, null);
        }
        if (!ctx.expectMap(node, "a JDBC URL or {url, user, password}")) {
            return StateConfig.DEFAULT;
        }
        ctx.checkKeys(node, STATE_KEYS);
        String url = YamlNode.absent(node.get("url")) ? StateConfig.DEFAULT_URL : ctx.nonEmptyText(node.get("url"));
        String user = ctx.text(node.get("user"));
        String password = ctx.text(node.get("password"));
        if (password != null) {
            ctx.secrets.add(password);
        }
        return new StateConfig(url == null ? StateConfig.DEFAULT_URL : url, user, password);
    }

    /**
     * {@code serve: {port, pollInterval, reconcileInterval}} for {@code crmsync serve}; absent keys keep their
     * defaults.
     */
    private static ServeConfig serve(ConfigContext ctx, YamlNode node) {
        ServeConfig out = ServeConfig.DEFAULT;
        if (YamlNode.absent(node) || !ctx.expectMap(node, "{port: 8088, pollInterval: 60s}")) {
            return out;
        }
        ctx.checkKeys(node, SERVE_KEYS);
        String port = ctx.text(node.get("port"));
        if (port != null) {
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65_535) {
                ctx.problem(node.get("port").path, "port must be a TCP port, 0 (any free port) to 65535, got "
                        + ConfigContext.quote(port));
            } else {
                out = out.withPort(Integer.parseInt(port));
            }
        }
        String poll = ctx.text(node.get("pollInterval"));
        if (poll != null) {
            java.time.Duration d = ServeConfig.parseInterval(poll);
            if (d == null) {
                ctx.problem(node.get("pollInterval").path, "pollInterval must be a duration such as 60s, 5m or 500ms,"
                        + " or 0 to turn polling off, got " + ConfigContext.quote(poll));
            } else {
                out = out.withPollInterval(d);
            }
        }
        String reconcile = ctx.text(node.get("reconcileInterval"));
        if (reconcile != null) {
            java.time.Duration d = ServeConfig.parseInterval(reconcile);
            if (d == null) {
                ctx.problem(node.get("reconcileInterval").path, "reconcileInterval must be a duration such as 1h, 30m"
                        + " or 24h, or 0 to turn reconciliation off, got " + ConfigContext.quote(reconcile));
            } else {
                out = out.withReconcileInterval(d);
            }
        }
        return out;
    }

    private static Map<String, AppSettings> apps(ConfigContext ctx, YamlNode node, Set<String> names) {
        Map<String, AppSettings> apps = new LinkedHashMap<>();
        if (YamlNode.absent(node) || (node.isMap() && node.entries().isEmpty())) {
            ctx.problem("apps", "at least one app is required, e.g. apps: {crm: {type: jdbc, url: ...}}");
            return apps;
        }
        if (!ctx.expectMap(node, "a map of app names to their settings")) {
            return apps;
        }
        node.entries().forEach((name, appNode) -> {
            names.add(name);
            if (!ctx.validName(name, appNode.path)) {
                return;
            }
            if (RESERVED_APP_NAMES.contains(name)) {
                ctx.problem(appNode.path, "an app cannot be named " + name + ": mapping entries use that key");
            }
            if (YamlNode.absent(appNode) || !appNode.isMap()) {
                ctx.problem(appNode.path, "expected the app's settings, at least {type: <connector type>}");
                return;
            }
            String type = ctx.requiredText(appNode, "type", "the connector type, e.g. type: jdbc");
            Set<String> secrets = new HashSet<>();
            Map<String, Object> values = new LinkedHashMap<>();
            appNode.entries().forEach((key, value) -> {
                if (!key.equals("type")) {
                    values.put(key, appValue(ctx, value, ConfigContext.isSecretKey(key), secrets));
                }
            });
            ctx.secrets.addAll(secrets);
            if (type != null) {
                apps.put(name, new AppSettings(name, type, values, secrets));
            }
        });
        return apps;
    }

    /**
     * A connector's value as a plain Java map, list or scalar. Plain scalars become numbers, booleans or
     * {@code null} by their text; YAML 1.1's yes/no/on/off stay strings (Norway's country code is {@code NO}),
     * as do values read from the environment and every secret, whose text must reach the connector unchanged.
     */
    private static Object appValue(ConfigContext ctx, YamlNode node, boolean secret, Set<String> secrets) {
        if (node.isMap()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.entries().forEach((key, value) ->
                    map.put(key, appValue(ctx, value, secret || ConfigContext.isSecretKey(key), secrets)));
            return Collections.unmodifiableMap(map);
        }
        if (node.isList()) {
            List<Object> list = new ArrayList<>();
            node.items().forEach(item -> list.add(appValue(ctx, item, secret, secrets)));
            return Collections.unmodifiableList(list);
        }
        if (node.nullValue) {
            return null;
        }
        String text = ctx.resolve(node.text, node.path, node.line);
        if (text == null || secret) {
            if (text != null) {
                secrets.add(text);
            }
            return text;
        }
        if (!node.plain || !text.equals(node.text)) {
            return text;
        }
        return typed(text);
    }

    private static Object typed(String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        if (INTEGER.matcher(text).matches()) {
            BigInteger value = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
            return value.bitLength() < 32 ? (Object) value.intValue()
                    : value.bitLength() < 64 ? (Object) value.longValue() : value;
        }
        if (DECIMAL.matcher(text).matches()) {
            return Double.parseDouble(text);
        }
        return text;
    }

    /**
     * Secrets visible in the raw text: used when the file cannot be parsed (so no key is known) and as a
     * second net for every message. Includes the values of environment variables named by secret keys.
     */
    private static Set<String> literalSecrets(String yaml, Map<String, String> env) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = LITERAL_SECRET.matcher(yaml);
        while (matcher.find()) {
            String value = matcher.group(1).trim();
            Matcher reference = ENV_REFERENCE.matcher(value);
            boolean any = false;
            while (reference.find()) {
                any = true;
                String resolved = env.get(reference.group(1));
                if (resolved != null) {
                    found.add(resolved);
                }
            }
            if (!any) {
                found.add(value);
            }
        }
        return found;
    }
}
