package io.crmsync.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap use and garbage-collection time during a measured stretch: the most heap used (sampled every 50 ms), and
 * the most heap still used right after a collection (close to the live set; it includes old-generation garbage
 * that young collections leave, so under a tight -Xmx it reads as the whole heap).
 */
final class HeapMeter implements AutoCloseable {
    private static final long MB = 1024 * 1024;

    private final List<MemoryPoolMXBean> pools = new ArrayList<>();
    private final AtomicLong sampledPeak = new AtomicLong();
    private final AtomicLong afterGcPeak = new AtomicLong();
    private final Thread sampler;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener gcListener;
    private volatile boolean running = true;
    private final long gcMillisAtStart = gcMillis();
    private long gcMillisAtClose = -1;

    HeapMeter() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
                pools.add(pool);
            }
        }
        gcListener = (notification, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            long used = 0;
            // Non-heap pools (metaspace, code cache) are in the map too: count the heap pools only.
            for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (isHeapPool(e.getKey())) {
                    used += e.getValue().getUsed();
                }
            }
            afterGcPeak.accumulateAndGet(used, Math::max);
        };
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(gcListener, null, null);
                emitters.add(emitter);
            }
        }
        var memory = ManagementFactory.getMemoryMXBean();
        sampler = new Thread(() -> {
            while (running) {
                sampledPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private boolean isHeapPool(String name) {
        return pools.stream().anyMatch(p -> p.getName().equals(name));
    }

    /** Most heap used at one moment, MB, sampled every 50 ms. */
    long peakMb() {
        return sampledPeak.get() / MB;
    }


    /** Most heap still used right after a collection, MB (0 when no collection happened). */
    long liveMb() {
        return afterGcPeak.get() / MB;
    }

    /** Time spent in garbage collection between this meter's start and its close, in seconds. */
    double gcSeconds() {
        return ((gcMillisAtClose < 0 ? gcMillis() : gcMillisAtClose) - gcMillisAtStart) / 1000.0;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
    }

    @Override
    public void close() {
        gcMillisAtClose = gcMillis();
        running = false;
        sampler.interrupt();
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(gcListener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
