package dev.backflow.bench.harness;

/** The preferred vector width of this JVM, or 0 where the Vector API module is missing. */
public final class VectorWidth {
    private VectorWidth() {}

    public static int preferredBits() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return 0;
        }
        return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
}
