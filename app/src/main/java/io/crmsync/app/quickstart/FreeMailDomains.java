package io.crmsync.app.quickstart;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * The free-mail domain list that ships in the engine module. §2.3 says such domains never match companies,
 * so a company whose website is on a mail provider (one apex account's is {@code ocn.ne.jp}) is matched by
 * name instead; the expectations must say so too.
 */
final class FreeMailDomains {

    static final String RESOURCE = "/io/crmsync/engine/free-email-domains.json";

    private static volatile Set<String> domains;

    private FreeMailDomains() {
    }

    /** True if {@code domainKey} (already normalised) is a free or disposable mail domain. */
    static boolean contains(String domainKey) {
        return all().contains(domainKey);
    }

    private static Set<String> all() {
        Set<String> set = domains;
        if (set == null) {
            set = load();
            domains = set;
        }
        return set;
    }

    private static Set<String> load() {
        try (InputStream in = FreeMailDomains.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + RESOURCE + " (engine module) is missing from the classpath");
            }
            return Set.copyOf(new ObjectMapper().readValue(in, new TypeReference<List<String>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }
}
