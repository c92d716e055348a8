package io.crmsync.app.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses YAML text into {@link YamlNode}s with line numbers, recording the line of every key path. SnakeYAML's
 * compose step is used rather than its constructor: it keeps each node's position and the text of each scalar
 * as written, and leaves all typing decisions to us.
 */
final class YamlReader {
    /** Deeper than any sensible config; stops recursive aliases ({@code &a [*a]}) from looping. */
    private static final int MAX_DEPTH = 64;

    private final ConfigContext ctx;

    private YamlReader(ConfigContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Parses a document; returns its root, or {@code null} for an empty document or after reporting why it
     * could not be parsed.
     */
    static YamlNode read(String text, ConfigContext ctx) {
        LoaderOptions options = new LoaderOptions();
        options.setProcessComments(false);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            ctx.problemAt(line(e.getProblemMark()), "", malformed(e) + flowHint(text, e.getProblemMark()));
            return null;
        } catch (YAMLException e) {
            ctx.problemAt(0, "", "malformed YAML: " + e.getMessage());
            return null;
        }
        return root == null ? null : new YamlReader(ctx).convert(root, "", line(root.getStartMark()), 0);
    }

    /** The parser's reason with line and column, but without its snippet of the file, which may hold a secret. */
    private static String malformed(MarkedYAMLException e) {
        Mark mark = e.getProblemMark();
        StringBuilder out = new StringBuilder("malformed YAML");
        if (mark != null) {
            out.append(" at line ").append(mark.getLine() + 1).append(", column ").append(mark.getColumn() + 1);
        }
        out.append(": ").append(e.getProblem() == null ? "cannot parse" : e.getProblem());
        if (e.getContext() != null) {
            out.append(" (").append(e.getContext());
            Mark context = e.getContextMark();
            if (context != null && (mark == null || context.getLine() != mark.getLine())) {
                out.append(" at line ").append(context.getLine() + 1);
            }
            out.append(')');
        }
        return out.toString();
    }

    /** {@code {password: ${PW}}} is a classic: '{' starts a flow map inside a flow map unless quoted. */
    private static String flowHint(String text, Mark mark) {
        if (mark == null) {
            return "";
        }
        String[] lines = text.split("\\R", -1);
        int index = mark.getLine();
        boolean reference = index < lines.length && lines[index].contains("${")
                || index > 0 && index - 1 < lines.length && lines[index - 1].contains("${");
        return reference ? "; inside {...} or [...], quote ${NAME} references: \"${NAME}\"" : "";
    }

    private static int line(Mark mark) {
        return mark == null ? 0 : mark.getLine() + 1;
    }

    private YamlNode convert(Node node, String path, int line, int depth) {
        ctx.recordLine(path, line);
        if (depth > MAX_DEPTH) {
            ctx.problem(path, "nested too deeply (a recursive alias?)");
            return YamlNode.scalar(path, line, null, true, true);
        }
        if (node instanceof ScalarNode scalar) {
            boolean isNull = scalar.isPlain() && Tag.NULL.equals(scalar.getTag());
            // A plain scalar explicitly tagged !!str is a string even if it looks like a number.
            boolean plain = scalar.isPlain() && !Tag.STR.equals(scalar.getTag());
            return YamlNode.scalar(path, line, scalar.getValue(), plain, isNull);
        }
        if (node instanceof SequenceNode sequence) {
            List<YamlNode> items = new ArrayList<>();
            List<Node> values = sequence.getValue();
            for (int i = 0; i < values.size(); i++) {
                Node item = values.get(i);
                items.add(convert(item, path + "[" + i + "]", line(item.getStartMark()), depth + 1));
            }
            return YamlNode.list(path, line, items);
        }
        MappingNode mapping = (MappingNode) node;
        Map<String, NodeTuple> explicit = new LinkedHashMap<>();
        List<NodeTuple> merged = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (Tag.MERGE.equals(key.getTag())) {
                collectMerge(tuple.getValueNode(), merged, path, line(key.getStartMark()), depth);
                continue;
            }
            if (!(key instanceof ScalarNode scalarKey)) {
                ctx.problemAt(line(key.getStartMark()), path, "a key must be a name, not " + kind(key));
                continue;
            }
            NodeTuple first = explicit.get(scalarKey.getValue());
            if (first != null) {
                ctx.problemAt(line(key.getStartMark()), YamlNode.child(path, scalarKey.getValue()),
                        "duplicate key; first given at line " + line(first.getKeyNode().getStartMark()));
                continue;
            }
            explicit.put(scalarKey.getValue(), tuple);
        }
        // YAML merge keys (<<: *defaults): keys written in this map win over merged ones.
        for (NodeTuple tuple : merged) {
            if (tuple.getKeyNode() instanceof ScalarNode scalarKey) {
                explicit.putIfAbsent(scalarKey.getValue(), tuple);
            }
        }
        LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>();
        explicit.forEach((key, tuple) -> entries.put(key, convert(tuple.getValueNode(), YamlNode.child(path, key),
                line(tuple.getKeyNode().getStartMark()), depth + 1)));
        return YamlNode.map(path, line, entries);
    }

    private void collectMerge(Node value, List<NodeTuple> into, String path, int line, int depth) {
        if (depth > MAX_DEPTH) {
            ctx.problemAt(line, path, "merges nested too deeply (a recursive alias?)");
        } else if (value instanceof MappingNode mapping) {
            // A merged map may itself merge others; its own keys come first, as YAML specifies.
            List<NodeTuple> nested = new ArrayList<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (Tag.MERGE.equals(tuple.getKeyNode().getTag())) {
                    collectMerge(tuple.getValueNode(), nested, path, line, depth + 1);
                } else {
                    into.add(tuple);
                }
            }
            into.addAll(nested);
        } else if (value instanceof SequenceNode sequence
                && sequence.getValue().stream().allMatch(MappingNode.class::isInstance)) {
            sequence.getValue().forEach(item -> collectMerge(item, into, path, line, depth + 1));
        } else {
            ctx.problemAt(line, path, "<< must merge a map or a list of maps");
        }
    }

    private static String kind(Node node) {
        return node instanceof MappingNode ? "a map" : node instanceof SequenceNode ? "a list" : "a value";
    }
}
