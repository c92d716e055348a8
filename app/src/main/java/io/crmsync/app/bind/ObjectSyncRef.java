package io.crmsync.app.bind;

import io.crmsync.app.config.ObjectSyncConfig;
import io.crmsync.app.config.SyncConfig;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.plan.ObjectSyncSettings;

/**
 * An object sync as the config names it: all that the commands reading the state store need ({@code status},
 * {@code records}), known without connecting to the apps.
 *
 * @param sync      the sync's name
 * @param object    the object sync's name
 * @param appA      the sync's first app
 * @param appB      the sync's second app
 * @param typeA     the object type in app A
 * @param typeB     the object type in app B
 * @param direction the object sync's direction
 * @param enabled   {@code false} when the config turns it off
 */
public record ObjectSyncRef(String sync, String object, String appA, String appB, String typeA, String typeB,
                            Direction direction, boolean enabled) {

    static ObjectSyncRef of(SyncConfig sync, ObjectSyncConfig os) {
        return new ObjectSyncRef(sync.name(), os.name(), sync.appA(), sync.appB(), os.typeA(), os.typeB(),
                os.direction(), os.enabled());
    }

    static ObjectSyncRef of(ObjectSyncSettings s, boolean enabled) {
        return new ObjectSyncRef(s.sync(), s.object(), s.appA(), s.appB(), s.schemaA().objectType(),
                s.schemaB().objectType(), s.direction(), enabled);
    }

    /** {@code crm-shop/contacts}. */
    public String label() {
        return sync + "/" + object;
    }
}
