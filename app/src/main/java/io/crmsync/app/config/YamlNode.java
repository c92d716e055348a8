package io.crmsync.app.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML node at one key path, with the line of its key: the parser's tree, reduced to what config loading
 * needs. Scalars keep their text as written, so that {@code 2024-01-01} or {@code 007} stay what the user typed.
 */
final class YamlNode {
    enum Kind { MAP, LIST, SCALAR }

    final Kind kind;
    final String path;
    /** 1-based line of the key (for map values) or of the item (for list items). */
    final int line;
    /** Scalar text as written; {@code null} for maps and lists. */
    final String text;
    /** A plain (unquoted, untagged-as-string) scalar, whose text may mean a number, boolean or null. */
    final boolean plain;
    final boolean nullValue;
    private final Map<String, YamlNode> entries;
    private final List<YamlNode> items;

    private YamlNode(Kind kind, String path, int line, String text, boolean plain, boolean nullValue,
                     Map<String, YamlNode> entries, List<YamlNode> items) {
        this.kind = kind;
        this.path = path;
        this.line = line;
        this.text = text;
        this.plain = plain;
        this.nullValue = nullValue;
        this.entries = entries;
        this.items = items;
    }

    static YamlNode scalar(String path, int line, String text, boolean plain, boolean nullValue) {
        return new YamlNode(Kind.SCALAR, path, line, text, plain, nullValue, Map.of(), List.of());
    }

    static YamlNode map(String path, int line, LinkedHashMap<String, YamlNode> entries) {
        return new YamlNode(Kind.MAP, path, line, null, false, false, Collections.unmodifiableMap(entries), List.of());
    }

    static YamlNode list(String path, int line, List<YamlNode> items) {
        return new YamlNode(Kind.LIST, path, line, null, false, false, Map.of(), List.copyOf(items));
    }

    boolean isMap() {
        return kind == Kind.MAP;
    }

    boolean isList() {
        return kind == Kind.LIST;
    }

    boolean isScalar() {
        return kind == Kind.SCALAR;
    }

    /** A missing node or an explicit null ({@code key:}, {@code ~}) both mean "not given". */
    static boolean absent(YamlNode node) {
        return node == null || node.nullValue;
    }

    /** The value under a key of a map, or {@code null}. */
    YamlNode get(String key) {
        return entries.get(key);
    }

    Map<String, YamlNode> entries() {
        return entries;
    }

    List<YamlNode> items() {
        return items;
    }

    /** "a map", "a list" or "a value", for messages. */
    String describe() {
        return switch (kind) {
            case MAP -> "a map";
            case LIST -> "a list";
            case SCALAR -> "a value";
        };
    }

    /** The key path of a child key. */
    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
