package io.crmsync.app.cli;

import io.crmsync.api.ConnectorException;
import io.crmsync.api.FailureCategory;
import io.crmsync.app.config.ConfigException;
import io.crmsync.engine.run.ObjectSyncBusyException;
import io.crmsync.engine.state.StateException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine;

/**
 * Where a command writes, and how it reports the errors every command can meet: one {@code error: ...} line per
 * problem, never a stack trace for an expected error, never a secret.
 *
 * @param out      standard output: results
 * @param err      standard error: errors and progress
 * @param env      environment variables, for {@code ${NAME}} references in the config
 * @param unicode  {@code true} when the output can show arrows such as {@code ↔}
 * @param terminal {@code true} when standard error is a terminal (progress bars)
 * @param in       standard input, for confirmations; {@code null} when there is none (every question is then
 *                 unanswered)
 */
record Console(PrintStream out, PrintStream err, Map<String, String> env, boolean unicode, boolean terminal,
               BufferedReader in) {

    Console(PrintStream out, PrintStream err, Map<String, String> env, boolean unicode, boolean terminal) {
        this(out, err, env, unicode, terminal, null);
    }

    /**
     * Asks a yes/no question on standard error and reads the answer from standard input.
     *
     * @return {@code true} for y or yes (any case), {@code false} for any other answer
     * @throws UsageException when standard input has no answer (closed, or none): a script must pass {@code --yes}
     */
    boolean confirm(String question) {
        err.print(question + " [y/N] ");
        err.flush();
        String answer;
        try {
            answer = in == null ? null : in.readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null) {
            err.println();
            throw new UsageException("no answer on standard input; nothing was changed. Pass --yes to confirm"
                    + " without a question");
        }
        String a = answer.trim().toLowerCase(java.util.Locale.ROOT);
        return a.equals("y") || a.equals("yes");
    }

    /** Two-way arrow, or its ASCII form when the output cannot show it. */
    String both() {
        return unicode ? "↔" : "<->";
    }

    /** Arrow pointing right (A to B, old to new). */
    String right() {
        return unicode ? "→" : "->";
    }

    /** Arrow pointing left (B to A). */
    String left() {
        return unicode ? "←" : "<-";
    }

    /**
     * Prints an error and returns its exit code.
     *
     * @param redact removes the config's secrets from a message
     */
    /**
     * What to do when a whole command failed on an app: the per-record hints ("crmsync retries automatically")
     * speak of records a run keeps retrying, which is not what happened here.
     */
    private static String commandHint(FailureCategory category) {
        return switch (category) {
            case REMOTE_ERROR -> "check that the app is up and reachable from this machine (its url or baseUrl in the"
                    + " config), then run the command again";
            case RATE_LIMITED -> "the app's rate limit is used up; run the command again once it resets";
            default -> category.hint();
        };
    }

    int fail(RuntimeException e, UnaryOperator<String> redact) {
        if (e instanceof ConfigException ce) {
            for (String line : ce.getMessage().split("\n")) {
                err.println("error: " + redact.apply(line));
            }
            return Main.USAGE;
        }
        if (e instanceof CommandLine.ParameterException || e instanceof UsageException) {
            err.println("error: " + redact.apply(e.getMessage()));
            return Main.USAGE;
        }
        if (e instanceof ConnectorException ce) {
            err.println("error: " + redact.apply(ce.getMessage()));
            err.println("hint: " + commandHint(ce.category()));
            return Main.UNREACHABLE;
        }
        if (e instanceof ObjectSyncBusyException) {
            err.println("error: " + redact.apply(e.getMessage()));
            err.println("hint: another run of this object sync is in progress; run again when it is done, or give "
                    + "it longer with --wait SECONDS");
            return Main.UNREACHABLE;
        }
        if (e instanceof StateException) {
            err.println("error: " + redact.apply(e.getMessage()));
            return Main.UNREACHABLE;
        }
        if (e instanceof UncheckedIOException io) {
            String cause = io.getCause() == null ? null : io.getCause().getMessage();
            err.println("error: " + redact.apply(io.getMessage() + (cause == null ? "" : ": " + cause)));
            return Main.USAGE;
        }
        return unexpected(e, redact);
    }

    /** A bug: say so, without the stack trace unless CRMSYNC_DEBUG is set (it may hold record values). */
    int unexpected(Exception e, UnaryOperator<String> redact) {
        String message = e.getMessage() == null ? "" : ": " + redact.apply(e.getMessage());
        err.println("error: unexpected " + e.getClass().getSimpleName() + message);
        if (env.get("CRMSYNC_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("(set CRMSYNC_DEBUG=1 to see the stack trace, and please report it)");
        }
        return Main.INTERNAL;
    }
}
