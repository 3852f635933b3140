package dev.backflow.bench;

/** The preferred vector width of this JVM, or 0 where the Vector API module is missing. */
final class VectorWidth {
    private VectorWidth() {}

    static int preferredBits() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return 0;
        }
        return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
}
