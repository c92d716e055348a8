package io.crmsync.app.config;

import io.crmsync.api.AppSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * State shared while one config file is loaded: the environment, the line of every key path, the problems
 * found so far and the secrets seen so far; plus the small checks every part of the file needs.
 */
final class ConfigContext {
    /** Keys whose values are secrets wherever they appear under an app (compared case-insensitively). */
    static final Set<String> SECRET_KEYS =
            Set.of("password", "token", "accesstoken", "clientsecret", "refreshtoken", "apikey");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DOTTED_INDEX = Pattern.compile("\\.(\\d+)(?=\\.|$)");

    final Path file;
    private final Map<String, String> env;
    final Map<String, Integer> lines = new HashMap<>();
    private final List<ConfigError> errors = new ArrayList<>();
    final Set<String> secrets = new LinkedHashSet<>();

    ConfigContext(Path file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    static boolean isSecretKey(String key) {
        return SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT));
    }

    void recordLine(String path, int line) {
        lines.putIfAbsent(path, line);
    }

    /** Reports a problem on the line of the key path, or of its nearest enclosing key when it is missing. */
    void problem(String keyPath, String message) {
        problemAt(lineNear(lines, keyPath), keyPath, message);
    }

    void problemAt(int line, String keyPath, String message) {
        errors.add(new ConfigError(file, line, keyPath, message));
    }

    boolean hasProblems() {
        return !errors.isEmpty();
    }

    /** The problems found, with every known secret taken out of their text. */
    List<ConfigError> redactedErrors(Set<String> extraSecrets) {
        Set<String> all = new LinkedHashSet<>(secrets);
        all.addAll(extraSecrets);
        return errors.stream().map(e -> new ConfigError(e.file(), e.line(), AppSettings.redact(e.keyPath(), all),
                AppSettings.redact(e.message(), all))).toList();
    }

    /** The line of a key path or of its nearest enclosing key; connectors may write list indices as {@code .2}. */
    static int lineNear(Map<String, Integer> lines, String keyPath) {
        Integer exact = lines.get(keyPath);
        if (exact != null) {
            return exact;
        }
        for (String path = DOTTED_INDEX.matcher(keyPath).replaceAll("[$1]"); !path.isEmpty(); path = parent(path)) {
            Integer line = lines.get(path);
            if (line != null) {
                return line;
            }
        }
        return 0;
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.endsWith("]") ? path.lastIndexOf('[') : -1);
        return cut <= 0 ? "" : path.substring(0, cut);
    }

    /**
     * Replaces each {@code ${NAME}} by the environment variable NAME (<code>$${</code> writes a literal
     * <code>${</code>). Reports every unset variable, by name only, and returns {@code null} if any is unset.
     */
    String resolve(String raw, String keyPath, int line) {
        if (raw == null || !raw.contains("${")) {
            return raw;
        }
        StringBuilder out = new StringBuilder();
        boolean ok = true;
        int i = 0;
        while (i < raw.length()) {
            if (raw.startsWith("$${", i)) {
                out.append('$');
                i += 2;
            } else if (raw.startsWith("${", i)) {
                int end = raw.indexOf('}', i + 2);
                String name = end < 0 ? "" : raw.substring(i + 2, end);
                if (!ENV_NAME.matcher(name).matches()) {
                    // The text may be a secret typed in literally, so it is not quoted back.
                    problemAt(line, keyPath, "a ${...} reference must name an environment variable, e.g. "
                            + "${CRM_DB_PASSWORD}; write $${ for a literal ${");
                    return null;
                }
                String value = env.get(name);
                if (value == null) {
                    problemAt(line, keyPath, "environment variable " + name + " is not set");
                    ok = false;
                } else {
                    out.append(value);
                }
                i = end + 1;
            } else {
                out.append(raw.charAt(i++));
            }
        }
        return ok ? out.toString() : null;
    }

    /**
     * The text of a scalar with environment references resolved; {@code null} when absent, explicitly null,
     * not a scalar (reported) or naming an unset variable (reported).
     */
    String text(YamlNode node) {
        if (YamlNode.absent(node)) {
            return null;
        }
        if (!node.isScalar()) {
            problem(node.path, "expected a single value, not " + node.describe());
            return null;
        }
        return resolve(node.text, node.path, node.line);
    }

    /** Like {@link #text} but reports an empty text too; {@code null} after any problem. */
    String nonEmptyText(YamlNode node) {
        String text = text(node);
        if (text != null && text.isBlank()) {
            problem(node.path, "must not be empty");
            return null;
        }
        return text;
    }

    /** A required key's non-empty text; reports it missing with the given hint. */
    String requiredText(YamlNode parent, String key, String hint) {
        YamlNode node = parent.get(key);
        if (YamlNode.absent(node)) {
            problem(YamlNode.child(parent.path, key), "is required; " + hint);
            return null;
        }
        return nonEmptyText(node);
    }

    /** {@code true} or {@code false} (any case); YAML 1.1's yes/no/on/off are refused as too easy to misread. */
    boolean flag(YamlNode node, boolean whenAbsent) {
        String text = text(node);
        if (text == null) {
            return whenAbsent;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        problem(node.path, quote(text) + " is not true or false");
        return whenAbsent;
    }

    /** One of a fixed set of words (case-insensitive); reports anything else with the given hint. */
    <E> E keyword(YamlNode node, Map<String, E> words, E whenAbsent, String hint) {
        String text = text(node);
        if (text == null) {
            return whenAbsent;
        }
        E value = words.get(text.toLowerCase(Locale.ROOT));
        if (value == null) {
            problem(node.path, quote(text) + " is not " + hint);
            return whenAbsent;
        }
        return value;
    }

    /** Reports every key of a map that is not allowed, suggesting the nearest allowed one. */
    void checkKeys(YamlNode map, Collection<String> allowed) {
        for (String key : map.entries().keySet()) {
            if (!allowed.contains(key)) {
                unknownKey(YamlNode.child(map.path, key), key, allowed);
            }
        }
    }

    void unknownKey(String keyPath, String key, Collection<String> allowed) {
        String guess = suggest(key, allowed);
        problem(keyPath, "unknown key; " + (guess == null ? "" : "did you mean " + guess + "? ")
                + "expected one of: " + String.join(", ", allowed));
    }

    /** Checks the name of an app, sync or object sync, which is used in key paths, directions and the CLI. */
    boolean validName(String name, String keyPath) {
        if (NAME.matcher(name).matches()) {
            return true;
        }
        problem(keyPath, quote(name) + " is not a valid name; use letters, digits, '-' and '_', "
                + "starting with a letter or digit");
        return false;
    }

    /** Reports a key that must be a map and is not; {@code true} when it is a map. */
    boolean expectMap(YamlNode node, String hint) {
        if (node.isMap()) {
            return true;
        }
        problem(node.path, "expected " + hint + ", not " + node.describe());
        return false;
    }

    static String quote(String text) {
        return "\"" + text + "\"";
    }

    /** The allowed key closest to a typo (case aside or at most two edits away), or {@code null}. */
    static String suggest(String key, Collection<String> allowed) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : allowed) {
            int distance = candidate.equalsIgnoreCase(key) ? 0
                    : distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        return LevenshteinDistance.getDefaultInstance().apply(a, b);
    }
}
