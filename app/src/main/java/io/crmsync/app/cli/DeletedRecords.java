package io.crmsync.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmsync.app.bind.Workspace;
import io.crmsync.app.bind.Workspace.BoundObjectSync;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.run.DeletedRecordResync;
import io.crmsync.engine.run.DeletedRecordResync.Candidate;
import io.crmsync.engine.run.DeletedRecordResync.Outcome;
import io.crmsync.engine.run.DeletedRecordResync.Result;
import io.crmsync.engine.run.DeletedRecordResync.Review;
import io.crmsync.engine.run.RunOptions;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code resync-deleted} and {@code restore-deleted} share: the review list of the records to re-create (per
 * object sync: the surviving copy's id and name, the deleted id), the confirmation, the writes, and the report on
 * screen or as JSON. Nothing is written without {@code --yes} or a "y" typed on a terminal. One per command.
 *
 * <p>JSON ({@code --json}): {@code {"into", "written", "objectSyncs": [{"sync", "object", "from", "toCreate",
 * "created", "failed": {category: n}, "records": [{"id", "name", "deletedId", "existingId"?, "newId", "state",
 * "reason", "message"}], "skipped": [{"id", "name", "deletedId", "reason"}]}]}}; {@code id} is the surviving copy's id,
 * {@code newId}, {@code state}, {@code reason} and {@code message} are there once written.
 */
final class DeletedRecords {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Workspace workspace;
    private final Console console;
    private final String into;
    private final boolean json;
    private final Prompt prompt;
    private final List<Target> targets = new ArrayList<>();

    /** One object sync to resync, with its review. */
    private record Target(BoundObjectSync os, DeletedRecordResync resync, Review review) {
    }

    /** Asks the user a question and returns the answer; {@code null} when no one can answer (not a terminal). */
    @FunctionalInterface
    interface Prompt {
        String ask(String question);
    }

    /** The user at the terminal, when standard input and output are one; else nobody. */
    static Prompt terminal(Console console) {
        return question -> {
            java.io.Console terminal = System.console();
            return console.terminal() && terminal != null ? terminal.readLine("%s", question) : null;
        };
    }

    DeletedRecords(Workspace workspace, Console console, String into, boolean json) {
        this(workspace, console, into, json, terminal(console));
    }

    /** @param prompt who confirms the writes when {@code --yes} is not given */
    DeletedRecords(Workspace workspace, Console console, String into, boolean json, Prompt prompt) {
        this.workspace = workspace;
        this.console = console;
        this.into = into;
        this.json = json;
        this.prompt = prompt;
    }

    /**
     * The side of {@code os} that is app {@code into}; a usage error naming the sync's apps when it is neither.
     */
    static Side side(BoundObjectSync os, String into) {
        if (os.settings().appA().equals(into)) {
            return Side.A;
        }
        if (os.settings().appB().equals(into)) {
            return Side.B;
        }
        throw new UsageException("--into " + into + ": app " + into + " is not in sync " + os.sync()
                + " (its apps: " + os.settings().appA() + ", " + os.settings().appB() + ")");
    }

    /** A usage error when the config has no app named {@code into}, naming the apps it has. */
    static void requireApp(Workspace workspace, String into) {
        if (!workspace.config().apps().containsKey(into)) {
            throw new UsageException("--into " + into + ": no app named " + into + "; the apps are: "
                    + String.join(", ", workspace.config().apps().keySet()));
        }
    }

    /**
     * Reviews one object sync: reads what would be re-created in {@code into}.
     *
     * @param ids records to resync by id in either app, or {@code null} for all
     * @throws UsageException when the object sync never writes into {@code into}
     */
    Review add(BoundObjectSync os, Collection<String> ids) {
        DeletedRecordResync resync = workspace.resync(os, RunOptions.defaults());
        Review review;
        try {
            review = resync.review(side(os, into), ids);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        targets.add(new Target(os, resync, review));
        return review;
    }

    /**
     * Prints the review, asks for confirmation unless {@code yes}, writes, and prints what was written.
     *
     * @return the exit code: 0 when nothing failed (also when nothing was written), 1 when a record failed
     */
    int confirmAndWrite(boolean yes) {
        int total = targets.stream().mapToInt(t -> t.review().toCreate().size()).sum();
        boolean inFlight = targets.stream().anyMatch(t -> t.review().inFlight() > 0);
        if (!json) {
            targets.forEach(t -> printReview(console.out(), t));
        }
        if (total == 0 && !(inFlight && yes)) {
            if (json) {
                console.out().println(toJson(Map.of(), false));
            } else {
                console.out().println("nothing to re-create: no record deleted in " + into + " can be re-created");
            }
            return Main.OK;
        }
        if (total > 0 && !yes && !confirmed(total)) {
            if (json) {
                console.out().println(toJson(Map.of(), false));
            } else {
                console.out().println("nothing written; pass --yes to re-create " + Text.count(total, "record",
                        "records") + " in " + into);
            }
            return Main.OK;
        }
        Map<Target, Result> results = new java.util.LinkedHashMap<>();
        boolean failed = false;
        for (Target t : targets) {
            if (t.review().toCreate().isEmpty() && t.review().inFlight() == 0) {
                continue;
            }
            Result r = t.resync().apply(t.review());
            results.put(t, r);
            failed |= r.failed() > 0;
            if (!json) {
                printResult(console.out(), t, r);
            }
        }
        if (json) {
            console.out().println(toJson(results, true));
        }
        return Summary.exitCode(failed);
    }

    /** Asks whoever can answer; {@code false} (nothing is written) unless the answer is y or yes. */
    private boolean confirmed(int total) {
        if (json) {
            return false;
        }
        String answer = prompt.ask("Re-create " + Text.count(total, "record", "records") + " in " + into
                + "? [y/N] ");
        return answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT));
    }

    private void printReview(PrintStream out, Target t) {
        Review r = t.review();
        out.printf("%s: %s deleted in %s, to re-create from %s%n", r.label(),
                Text.count(r.toCreate().size(), "record", "records"), r.into(), r.from());
        for (Candidate c : r.toCreate()) {
            out.printf("  %s %s  %s  (deleted in %s: %s)%s%n", r.from(), c.survivorId(), display(c), r.into(),
                    c.deletedId() == null ? "id unknown" : c.deletedId(), c.existingId() == null ? ""
                            : "  exists again as " + r.into() + " " + c.existingId() + ": linked, not created");
        }
        if (r.inFlight() > 0) {
            out.printf("  %s of an interrupted run or resync in flight: the next run or resync --yes links or"
                    + " creates them%n", Text.count(r.inFlight(), "create", "creates"));
        }
        for (Candidate c : r.skipped()) {
            out.printf("  not re-created: %s %s  %s  (deleted in %s: %s): %s%n", r.from(),
                    c.survivorId() == null ? "-" : c.survivorId(), display(c), r.into(),
                    c.deletedId() == null ? "id unknown" : c.deletedId(), c.problem());
        }
    }

    private void printResult(PrintStream out, Target t, Result result) {
        Review r = t.review();
        out.printf("%s: re-created %s in %s%s%n", r.label(), Text.count(result.created(), "record", "records"),
                r.into(), result.runId() == 0 ? "" : " (run " + result.runId() + ")");
        for (Outcome o : result.outcomes()) {
            String to = o.newId() == null ? "not created" : r.into() + " " + o.newId()
                    + (o.candidate().existingId() != null ? " (existing record, linked)" : "");
            String state = o.state() == RecordState.FAILED ? "  FAILED " + o.reason() + ": " + o.message() : "";
            out.printf("  %s %s %s %s  %s%s%n", r.from(), o.candidate().survivorId(), console.right(), to,
                    display(o.candidate()), state);
        }
        result.skipped().forEach((c, why) -> out.printf("  skipped: %s %s  %s: %s%n", r.from(), c.survivorId(),
                display(c), why));
        if (result.failed() > 0) {
            out.println("  see them with: crmsync records --sync " + t.os().sync() + " --object " + t.os().object()
                    + " --state failed");
        }
    }

    private static String display(Candidate c) {
        return c.name().isEmpty() ? "(no name)" : c.name();
    }

    private String toJson(Map<Target, Result> results, boolean written) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("into", into);
        root.put("written", written);
        ArrayNode syncs = root.putArray("objectSyncs");
        for (Target t : targets) {
            Review r = t.review();
            Result result = results.get(t);
            ObjectNode os = syncs.addObject();
            os.put("sync", t.os().sync());
            os.put("object", t.os().object());
            os.put("from", r.from());
            os.put("toCreate", r.toCreate().size());
            os.put("created", result == null ? 0 : result.created());
            ObjectNode failed = os.putObject("failed");
            ArrayNode records = os.putArray("records");
            List<Outcome> outcomes = result == null ? List.of() : result.outcomes();
            Map<String, Integer> failedBy = new TreeMap<>();
            for (Candidate c : r.toCreate()) {
                ObjectNode rec = records.addObject();
                candidate(rec, c);
                outcomes.stream().filter(o -> o.candidate().linkId() == c.linkId()).findFirst().ifPresent(o -> {
                    rec.put("newId", o.newId());
                    rec.put("state", o.state().name());
                    if (o.state() == RecordState.FAILED) {
                        rec.put("reason", o.reason());
                        rec.put("message", o.message());
                        failedBy.merge(o.reason(), 1, Integer::sum);
                    }
                });
            }
            failedBy.forEach(failed::put);
            ArrayNode skipped = os.putArray("skipped");
            for (Candidate c : r.skipped()) {
                candidate(skipped.addObject(), c).put("reason", c.problem());
            }
            if (result != null) {
                result.skipped().forEach((c, why) -> candidate(skipped.addObject(), c).put("reason", why));
            }
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode candidate(ObjectNode node, Candidate c) {
        node.put("id", c.survivorId());
        node.put("name", c.name());
        node.put("deletedId", c.deletedId());
        if (c.existingId() != null) {
            node.put("existingId", c.existingId());
        }
        return node;
    }
}
