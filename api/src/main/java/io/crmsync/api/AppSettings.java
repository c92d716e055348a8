package io.crmsync.api;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One app's settings from the config file: its name, connector type and the keys under it, with
 * {@code ${NAME}} environment references already resolved.
 *
 * @param name    the app's name in the config
 * @param type    connector type
 * @param values  the keys under the app: nested maps, lists and scalars (strings, numbers, booleans)
 * @param secrets the resolved values of secret keys (password, token, ...), so that messages can be redacted;
 *                never printed
 * @since 0.1
 */
public record AppSettings(String name, String type, Map<String, Object> values, Set<String> secrets) {
    public AppSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        Set<String> all = new HashSet<>(secrets);
        Object url = values.get("url");
        if (url != null) {
            all.addAll(urlSecrets(String.valueOf(url)));
        }
        secrets = Set.copyOf(all);
    }

    /**
     * Passwords written into a URL: the {@code user:password@} part and {@code password=} parameters, so that
     * they are redacted even where a driver quotes the URL in its own words.
     */
    public static Set<String> urlSecrets(String url) {
        Set<String> out = new HashSet<>();
        if (url == null) {
            return out;
        }
        Matcher userinfo = USERINFO.matcher(url);
        while (userinfo.find()) {
            out.add(userinfo.group(1));
        }
        Matcher param = PASSWORD_PARAM.matcher(url);
        while (param.find()) {
            out.add(param.group(1));
        }
        out.removeIf(String::isEmpty);
        return out;
    }

    private static final Pattern USERINFO = Pattern.compile("//[^/:@\\s]*:([^@/\\s]+)@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)\\b(?:password|passwd|pwd)=([^&;\\s'\"]+)");

    /** A string value, or {@code null} when absent. */
    public String string(String key) {
        Object value = values.get(key);
        return value == null ? null : String.valueOf(value);
    }

    /** A nested map, or an empty map when absent or not a map. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String key) {
        Object value = values.get(key);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Replaces every secret in a text by {@code ***}; use it on every message that leaves the connector. */
    public String redact(String text) {
        return redact(text, secrets);
    }

    /**
     * Replaces each of the secrets in a text by {@code ***}, then the values of credential-looking parts whose
     * secret is not known here: query or form parameters ({@code hapikey=}, {@code access_token=},
     * {@code refresh_token=}, {@code client_secret=}, {@code api_key=}, {@code password=}, ...), JSON token fields
     * ({@code "access_token":"..."}) and {@code Bearer} credentials. Stateless and thread-safe.
     *
     * @return the redacted text, or {@code null} for {@code null}
     */
    public static String redact(String text, Set<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 3) {
                out = out.replace(secret, "***");
            }
            // Also as it travels in a URL or form (e.g. '+' and '%2B').
            String encoded = secret == null ? null : java.net.URLEncoder.encode(secret,
                    java.nio.charset.StandardCharsets.UTF_8);
            if (encoded != null && encoded.length() >= 3 && !encoded.equals(secret)) {
                out = out.replace(encoded, "***");
            }
        }
        out = CREDENTIAL_PARAM.matcher(out).replaceAll("$1=***");
        out = CREDENTIAL_FIELD.matcher(out).replaceAll("$1***\"");
        return AUTH_SCHEME.matcher(out).replaceAll("$1***");
    }

    private static final String CREDENTIAL_NAMES = "hapikey|api_?key|apikey|access_?token|refresh_?token"
            + "|client_?secret|password|passwd|pwd|token|secret";
    private static final Pattern CREDENTIAL_PARAM = Pattern.compile("(?i)\\b(" + CREDENTIAL_NAMES
            + ")=(?!\\*\\*\\*)[^&\\s\"',;)]+");
    private static final Pattern CREDENTIAL_FIELD = Pattern.compile("(?i)(\"(?:" + CREDENTIAL_NAMES
            + ")\"\\s*:\\s*\")(?!\\*\\*\\*\")[^\"]*\"");
    private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)\\b(Bearer\\s+)(?!\\*\\*\\*)"
            + "[A-Za-z0-9._~+/=-]{3,}");

    @Override
    public String toString() {
        return "AppSettings[name=" + name + ", type=" + type + ", keys=" + List.copyOf(values.keySet()) + "]";
    }
}
