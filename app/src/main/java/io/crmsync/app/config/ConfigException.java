package io.crmsync.app.config;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A config file that cannot be used. Carries every problem found, not just the first, so that a user fixes
 * them all in one go; the message lists them one per line, sorted by line. Problems with no line (a file
 * that cannot be read) come first.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    // transient: Path is not serializable; the message still carries every problem's text.
    private final transient List<ConfigError> errors;

    /**
     * @param errors the problems; at least one
     */
    public ConfigException(List<ConfigError> errors) {
        super(sorted(errors).stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        this.errors = sorted(errors);
    }

    /** The problems, sorted by line. */
    public List<ConfigError> errors() {
        return errors;
    }

    private static List<ConfigError> sorted(List<ConfigError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        // A stable sort keeps problems of one line in the order they were found (outer key before inner).
        return errors.stream().sorted(Comparator.comparingInt(ConfigError::line)).toList();
    }
}
