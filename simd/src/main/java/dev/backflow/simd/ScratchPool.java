package dev.backflow.simd;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Lends {@link Scratch} to running GEMM calls. It keeps at most {@link #SLOTS} idle scratches, one per
 * processor, so the memory held is bounded by how many calls can run at once, never by how many threads ever
 * called (a server on thousands of virtual threads keeps a handful). A call that finds no idle scratch (more
 * concurrent calls than processors) gets a fresh one, which is dropped afterwards if every slot is full.
 *
 * <p>Taking and returning one is a read and a compare-and-set on a slot chosen from the thread's id, so
 * threads rarely contend; no lock.
 */
final class ScratchPool {
    private ScratchPool() {}

    static final int SLOTS = Math.max(1, Math.min(1024, Runtime.getRuntime().availableProcessors()));

    private static final AtomicReferenceArray<Scratch> IDLE = new AtomicReferenceArray<>(SLOTS);

    /**
     * A scratch with room for aFloats of packed A, bFloats of packed B and tFloats of tile buffer, for the caller
     * alone until
     * {@link #release}. May throw OutOfMemoryError, before the caller has written anything.
     */
    static Scratch acquire(int aFloats, int bFloats, int tFloats) {
        int start = start();
        for (int i = 0; i < SLOTS; i++) {
            int slot = (start + i) % SLOTS;
            Scratch s = IDLE.get(slot);
            if (s != null && IDLE.compareAndSet(slot, s, null)) {
                try {
                    s.ensure(aFloats, bFloats, tFloats);
                } catch (OutOfMemoryError e) {
                    release(s);
                    throw e;
                }
                return s;
            }
        }
        Scratch s = new Scratch();
        s.ensure(aFloats, bFloats, tFloats);
        return s;
    }

    /** Gives a scratch back; it is kept if a slot is free, else left to the garbage collector. */
    static void release(Scratch s) {
        int start = start();
        for (int i = 0; i < SLOTS; i++) {
            int slot = (start + i) % SLOTS;
            if (IDLE.get(slot) == null && IDLE.compareAndSet(slot, null, s)) {
                return;
            }
        }
    }

    /** How many idle scratches are kept now (for tests). */
    static int idle() {
        int n = 0;
        for (int i = 0; i < SLOTS; i++) {
            n += IDLE.get(i) != null ? 1 : 0;
        }
        return n;
    }

    private static int start() {
        return (int) Math.floorMod(Thread.currentThread().threadId(), (long) SLOTS);
    }
}
