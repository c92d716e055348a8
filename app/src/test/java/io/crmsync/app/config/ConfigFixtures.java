package io.crmsync.app.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Shared helpers: configs are parsed from text under the name {@code crmsync.yaml}. */
final class ConfigFixtures {
    static final Path FILE = Path.of("crmsync.yaml");

    /** Two apps and a sync whose only object sync is given by the caller, indented under {@code contacts:}. */
    static String withObjectSync(String objectSyncBody) {
        return """
                apps:
                  crm: {type: jdbc, url: "jdbc:sqlite:crm.db"}
                  shop: {type: jdbc, url: "jdbc:sqlite:shop.db"}
                syncs:
                  crm-shop:
                    apps: [crm, shop]
                    objects:
                      contacts:
                """ + objectSyncBody.indent(8);
    }

    static CrmsyncConfig parse(String yaml) {
        return ConfigLoader.parse(FILE, yaml, Map.of());
    }

    static CrmsyncConfig parse(String yaml, Map<String, String> env) {
        return ConfigLoader.parse(FILE, yaml, env);
    }

    static ObjectSyncConfig contacts(String objectSyncBody) {
        return parse(withObjectSync(objectSyncBody)).syncs().get("crm-shop").objects().get("contacts");
    }

    /** The exception of a config that must not load. */
    static ConfigException failure(String yaml, Map<String, String> env) {
        try {
            ConfigLoader.parse(FILE, yaml, env);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected the config to be refused:\n" + yaml);
    }

    /** The problems of a config that must not load. */
    static List<ConfigError> errors(String yaml, Map<String, String> env) {
        return failure(yaml, env).errors();
    }

    static List<ConfigError> errors(String yaml) {
        return errors(yaml, Map.of());
    }

    /** The problems of an object sync that must not load, each printed as in the CLI. */
    static List<String> objectSyncErrors(String objectSyncBody) {
        return errors(withObjectSync(objectSyncBody)).stream().map(ConfigError::toString).toList();
    }

    private ConfigFixtures() {
    }
}
