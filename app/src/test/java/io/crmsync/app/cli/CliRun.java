package io.crmsync.app.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs {@code crmsync} in-process with an environment, for tests outside this package. */
public final class CliRun {
    private CliRun() {
    }

    /** Exit code, standard output and standard error of one command. */
    public record Result(int code, String out, String err) {
    }

    /** Runs {@code crmsync args} with {@code env} as its environment ({@code ${NAME}} in the config). */
    public static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, o, e, env);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Runs {@code crmsync COMMAND --config CONFIG ARGS...}, {@code commandAndArgs} being {@code COMMAND ARGS...}.
     */
    public static Result withConfig(Map<String, String> env, Path config, String... commandAndArgs) {
        String[] all = new String[commandAndArgs.length + 2];
        all[0] = commandAndArgs[0];
        all[1] = "--config";
        all[2] = config.toString();
        System.arraycopy(commandAndArgs, 1, all, 3, commandAndArgs.length - 1);
        return run(env, all);
    }
}
