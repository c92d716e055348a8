package io.crmsync.app.serve;

import io.crmsync.engine.model.Side;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes pushed ids to the workers of the object syncs they concern: a change to object type {@code T} of app
 * {@code X} goes to every object sync that has {@code X}'s {@code T} on one of its sides. Built once at start;
 * thread-safe after that (read-only).
 */
final class PushRouter {
    private record Target(ObjectSyncWorker worker, Side side) {
    }

    private final Map<String, List<Target>> targets = new HashMap<>();

    /** Declares that {@code worker}'s object sync has {@code app}'s {@code objectType} on {@code side}. */
    void add(String app, String objectType, ObjectSyncWorker worker, Side side) {
        targets.computeIfAbsent(key(app, objectType), k -> new ArrayList<>()).add(new Target(worker, side));
    }

    /** Whether some object sync uses that app's object type. */
    boolean routes(String app, String objectType) {
        return targets.containsKey(key(app, objectType));
    }

    /** Pushes ids of one object type of one app; ids of a type no object sync uses are ignored. */
    void push(String app, String objectType, Collection<String> ids) {
        for (Target t : targets.getOrDefault(key(app, objectType), List.of())) {
            t.worker().push(t.side(), ids);
        }
    }

    /** Queues a feed run of every object sync that uses the app (e.g. after a lost connection to it). */
    void pollApp(String app) {
        targets.forEach((k, list) -> {
            if (k.startsWith(app + "\u0000")) {
                list.forEach(t -> t.worker().poll());
            }
        });
    }

    private static String key(String app, String objectType) {
        return app + "\u0000" + objectType;
    }
}
