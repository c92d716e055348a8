package io.crmsync.connector.jdbc;

import java.util.Collection;
import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean ...?" for a mistyped settings key: the known key at most two edits away (case aside). */
final class KeySuggestion {
    private static final int MAX_DISTANCE = 2;

    private KeySuggestion() {
    }

    /** The known key closest to {@code key}, or {@code null} when none is close. */
    static String closest(String key, Collection<String> known) {
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        for (String candidate : known) {
            int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        return LevenshteinDistance.getDefaultInstance().apply(a, b);
    }
}
