package io.crmsync.app.config;

import static io.crmsync.app.config.ConfigFixtures.errors;
import static io.crmsync.app.config.ConfigFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmsync.api.AppSettings;
import io.crmsync.api.ConfigProblem;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Apps' connector settings, environment references and secrets. */
class AppsAndSecretsTest {
    private static final String SYNC = """
            syncs:
              crm-shop:
                apps: [crm, shop]
                objects: {contacts: {}}
            """;

    private static final String APPS_ONLY = """
            apps:
              crm:
                type: jdbc
                url: jdbc:postgresql://db/crm
                user: ${DB_USER}
                password: ${DB_PASSWORD}
                port: 5432
                portFromEnv: ${DB_PORT}
                ratio: 0.5
                big: 12345678901
                ssl: true
                country: NO
                zip: 007
                since: 2024-01-01
                quoted: "42"
                literal: $${NOT_A_VARIABLE}
                empty:
                oauth: {clientSecret: literal-client-secret, scopes: [read, write]}
                objects:
                  contacts: {table: contacts, properties: {email: {column: email}}}
              shop:
                type: jdbc
                Password: 123456
            """;
    private static final String APPS = APPS_ONLY + SYNC;

    private static final Map<String, String> ENV =
            Map.of("DB_USER", "sync", "DB_PASSWORD", "db-secret-pw", "DB_PORT", "6543");

    @Test
    void appValues_arePlainJavaValuesWithTheEnvironmentResolved() {
        AppSettings crm = parse(APPS, ENV).app("crm");

        assertThat(crm.values().keySet()).containsExactly("url", "user", "password", "port", "portFromEnv", "ratio",
                "big", "ssl", "country", "zip", "since", "quoted", "literal", "empty", "oauth", "objects");
        assertThat(crm.values()).containsEntry("user", "sync").containsEntry("password", "db-secret-pw")
                .containsEntry("port", 5432).containsEntry("portFromEnv", "6543").containsEntry("ratio", 0.5)
                .containsEntry("big", 12345678901L).containsEntry("ssl", true).containsEntry("country", "NO")
                .containsEntry("zip", "007").containsEntry("since", "2024-01-01").containsEntry("quoted", "42")
                .containsEntry("literal", "${NOT_A_VARIABLE}").containsEntry("empty", null);
        assertThat(crm.map("oauth")).containsEntry("scopes", List.of("read", "write"));
        assertThat(crm.map("objects")).containsKey("contacts");
    }

    @Test
    void hugeIntegers_becomeBigIntegers() {
        String yaml = APPS.replace("big: 12345678901", "big: 123456789012345678901234567890");

        assertThat(parse(yaml, ENV).app("crm").values().get("big"))
                .isEqualTo(new BigInteger("123456789012345678901234567890"));
    }

    @Test
    void secretKeysAnywhereUnderAnApp_areCollectedAsSecretsAndKeptAsText() {
        CrmsyncConfig config = parse(APPS, ENV);

        assertThat(config.app("crm").secrets()).containsExactlyInAnyOrder("db-secret-pw", "literal-client-secret");
        assertThat(config.app("shop").secrets()).containsExactly("123456");
        assertThat(config.app("shop").values()).containsEntry("Password", "123456");
        assertThat(config.app("crm").toString()).doesNotContain("db-secret-pw");
    }

    @Test
    void unsetEnvironmentVariable_namesTheKeyAndTheVariable() {
        List<ConfigError> errors = errors(APPS, Map.of("DB_USER", "sync"));

        assertThat(errors).extracting(ConfigError::toString).containsExactly(
                "crmsync.yaml:6: apps.crm.password: environment variable DB_PASSWORD is not set",
                "crmsync.yaml:8: apps.crm.portFromEnv: environment variable DB_PORT is not set");
    }

    @Test
    void everyUnsetVariableOfOneValue_isReported() {
        String yaml = APPS.replace("url: jdbc:postgresql://db/crm", "url: jdbc:postgresql://${DB_HOST}:${DB_PORT2}/crm");

        assertThat(errors(yaml, ENV)).extracting(ConfigError::message).containsExactly(
                "environment variable DB_HOST is not set", "environment variable DB_PORT2 is not set");
    }

    @Test
    void malformedReference_isRefusedWithoutQuotingIt() {
        String yaml = APPS.replace("user: ${DB_USER}", "user: ${DB USER}");

        assertThat(errors(yaml, ENV)).extracting(ConfigError::message).containsExactly("a ${...} reference must name "
                + "an environment variable, e.g. ${CRM_DB_PASSWORD}; write $${ for a literal ${");
    }

    @Test
    void secretValue_neverAppearsInAnyErrorMessage() {
        // A secret reused by mistake in a bad value, next to the key that makes it a secret.
        String yaml = APPS_ONLY + """
                syncs:
                  crm-shop:
                    apps: [crm, shop]
                    objects:
                      contacts:
                        direction: ${DB_PASSWORD}
                        defaultApp: ${DB_PASSWORD}
                """;

        List<ConfigError> errors = errors(yaml, ENV);

        assertThat(errors).hasSize(2).allSatisfy(e -> assertThat(e.toString()).doesNotContain("db-secret-pw"));
        assertThat(errors.get(0).message()).startsWith("\"***\" is not a direction");
    }

    @Test
    void literalSecret_stayOutOfAParseError() {
        String yaml = """
                apps:
                  crm:
                    type: jdbc
                    password: "hunter2-literal"
                     url: x
                """;

        List<ConfigError> errors = errors(yaml);

        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).toString()).doesNotContain("hunter2-literal");
    }

    @Test
    void toErrors_placesAConnectorsProblemsOnTheirLinesAndRedactsSecrets() {
        CrmsyncConfig config = parse(APPS, ENV);
        List<ConfigProblem> problems = List.of(
                new ConfigProblem("objects.contacts.table", "no table contacts"),
                new ConfigProblem("objects.contacts.properties.email.type", "type is required"),
                new ConfigProblem("oauth.scopes.1", "unknown scope"),
                new ConfigProblem("", "cannot log in with password db-secret-pw"));

        assertThat(config.toErrors("crm", problems)).extracting(ConfigError::toString).containsExactly(
                "crmsync.yaml:20: apps.crm.objects.contacts.table: no table contacts",
                "crmsync.yaml:20: apps.crm.objects.contacts.properties.email.type: type is required",
                "crmsync.yaml:18: apps.crm.oauth.scopes.1: unknown scope",
                "crmsync.yaml:2: apps.crm: cannot log in with password ***");
    }

    @Test
    void appWithoutType_orWithABadName_isRefused() {
        String yaml = """
                apps:
                  crm: {url: x}
                  "my shop": {type: jdbc}
                  enabled: {type: jdbc}
                """ + SYNC;

        assertThat(errors(yaml)).extracting(ConfigError::toString).containsExactly(
                "crmsync.yaml:2: apps.crm.type: is required; the connector type, e.g. type: jdbc",
                "crmsync.yaml:3: apps.my shop: \"my shop\" is not a valid name; use letters, digits, '-' and '_', "
                        + "starting with a letter or digit",
                "crmsync.yaml:4: apps.enabled: an app cannot be named enabled: mapping entries use that key",
                "crmsync.yaml:7: syncs.crm-shop.apps[1]: unknown app \"shop\"; the apps are: crm, my shop, enabled");
    }

    @Test
    void environmentMapIsNotModifiedAndExtraVariablesAreIgnored() {
        Map<String, String> env = new HashMap<>(ENV);
        env.put("UNRELATED", "x");

        parse(APPS, env);

        assertThat(env).hasSize(4);
    }

    @Test
    void appValueMaps_areImmutable() {
        Map<String, Object> oauth = parse(APPS, ENV).app("crm").map("oauth");

        assertThatThrownBy(() -> oauth.put("x", 1))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(oauth.keySet()).containsExactly("clientSecret", "scopes");
    }
}
