package io.crmsync.app.quickstart;

import java.util.regex.Pattern;

/** Quotes words for a POSIX shell, so that a printed command can be pasted as it is. */
public final class ShellWords {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private ShellWords() {
    }

    /** The word as it is when the shell keeps it whole, otherwise in single quotes: {@code 'my dir/x.db'}. */
    public static String quote(String word) {
        if (SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
