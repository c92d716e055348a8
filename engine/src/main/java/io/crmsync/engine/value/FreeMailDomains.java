package io.crmsync.engine.value;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * Free and disposable mail domains (gmail.com, ...) that never match or create companies (DESIGN.md §2.3).
 * The list is the npm package free-email-domains 1.12.6 (MIT), shipped as a resource.
 */
public final class FreeMailDomains {
    private static final String RESOURCE = "/io/crmsync/engine/free-email-domains.json";
    private static volatile Set<String> cached;

    private FreeMailDomains() {
    }

    /** The shipped list, about 14,000 lower-case domains. Loaded once; thread-safe. */
    public static Set<String> shipped() {
        Set<String> s = cached;
        if (s == null) {
            try (InputStream in = FreeMailDomains.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                s = Set.copyOf(new ObjectMapper().readValue(in, new TypeReference<List<String>>() { }));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
            cached = s;
        }
        return s;
    }
}
