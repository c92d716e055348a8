package io.crmsync.app.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One problem in a config file, pinned to the line of the key it concerns.
 *
 * <p>Printed as {@code crmsync.yaml:12: syncs.crm-shop.objects.contacts.direction: "crm => shop" is not a
 * direction; ...}. The message never contains a secret.
 *
 * @param file    the config file, as the user named it
 * @param line    1-based line of the key, or 0 when no line is known
 * @param keyPath dotted path of the key, e.g. {@code syncs.crm-shop.objects.contacts.mappings[2].shop};
 *                empty for problems with the file as a whole
 * @param message what is wrong and how to fix it
 */
public record ConfigError(Path file, int line, String keyPath, String message) {
    public ConfigError {
        keyPath = keyPath == null ? "" : keyPath;
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(file == null ? "<config>" : file.toString());
        if (line > 0) {
            out.append(':').append(line);
        }
        out.append(": ");
        if (!keyPath.isEmpty()) {
            out.append(keyPath).append(": ");
        }
        return out.append(message).toString();
    }
}
