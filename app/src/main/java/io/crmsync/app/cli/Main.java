package io.crmsync.app.cli;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code crmsync} command line (DESIGN.md §4). Exit codes: {@value #OK} no record failed, {@value #FAILED}
 * some records failed, {@value #USAGE} bad config or usage, {@value #UNREACHABLE} an app or the state store is
 * unreachable or refused the credentials, {@value #INTERNAL} an unexpected error (a bug).
 */
@Command(name = "crmsync", mixinStandardHelpOptions = true, version = "0.1.0",
        description = "Keeps CRM records in sync between two apps.",
        subcommands = {ValidateCommand.class, PlanCommand.class, RunCommand.class, ServeCommand.class,
                StatusCommand.class, RecordsCommand.class, ResyncDeletedCommand.class, RestoreDeletedCommand.class,
                QuickstartCommand.class, SandboxCommand.class, LifecycleCommand.Disable.class,
                LifecycleCommand.Enable.class, LifecycleCommand.Delete.class, UndoCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;
    public static final int INTERNAL = 4;

    private final Console console;

    private Main(Console console) {
        this.console = console;
    }

    /** Runs the CLI and exits the JVM with its exit code. */
    public static void main(String[] args) {
        if (System.getProperty("h2.bindAddress") == null) {
            // An H2 state file is served to other crmsync processes (StateStore.durable, AUTO_SERVER); they all run
            // on this machine, so its port need not be reachable from others. Read once, when H2 loads.
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        Charset charset = stdoutCharset();
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, charset);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, charset);
        boolean unicode = charset.newEncoder().canEncode("↔→←…");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, charset));
        System.exit(run(args, out, err, System.getenv(), unicode, System.console() != null, in));
    }

    /** Runs the CLI without exiting; for tests and embedding. Progress bars are off (no terminal). */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, out, err, env, true, false, null);
    }

    /** As {@link #run(String[], PrintStream, PrintStream, Map)}, with answers to confirmations on {@code in}. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, BufferedReader in) {
        return run(args, out, err, env, true, false, in);
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, boolean unicode,
                   boolean terminal, BufferedReader in) {
        quietLibraries(env);
        Console console = new Console(out, err, env, unicode, terminal, in);
        CommandLine cmd = new CommandLine(new Main(console));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setParameterExceptionHandler((ex, ignored) -> {
            String unknown = unknownCommand(ex);
            if (unknown != null) {
                err.println("error: unknown command '" + unknown + "'; commands: "
                        + String.join(", ", cmd.getSubcommands().keySet()));
                err.println("Run 'crmsync --help' for usage.");
                return USAGE;
            }
            err.println("error: " + ex.getMessage());
            err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return USAGE;
        });
        // Commands handle every expected error themselves; what reaches here is a bug.
        cmd.setExecutionExceptionHandler((ex, ignored, parsed) -> console.unexpected(ex, s -> s));
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The word given where a command was expected and that is none, or {@code null}. */
    private static String unknownCommand(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && ex.getCommandLine().getParent() == null
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            return u.getUnmatched().get(0);
        }
        return null;
    }

    /** With no subcommand: the usage, as a usage error. */
    @Override
    public Integer call() {
        console.err().println("error: a command is required");
        CommandLine.usage(this, console.err());
        return USAGE;
    }

    Console console() {
        return console;
    }

    /**
     * HikariCP and Flyway log through slf4j-simple at INFO by default, and log stack traces when a database is
     * unreachable: the CLI reports those errors itself, so library logging is off unless asked for.
     */
    private static void quietLibraries(Map<String, String> env) {
        String level = env.getOrDefault("CRMSYNC_LOG_LEVEL", "off");
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        }
    }

    private static Charset stdoutCharset() {
        String name = System.getProperty("sun.stdout.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
