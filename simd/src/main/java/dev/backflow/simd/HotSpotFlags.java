package dev.backflow.simd;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@link C2Check}'s flags through HotSpot's diagnostic MXBean. One of the three classes that name a
 * {@code jdk.management} type, with {@link SelfTest} and {@link CpuFeatures}: that module is optional
 * ({@code requires static}), so these two are loaded only once the module is known to be readable, and
 * {@link CpuFeatures} treats a missing module (a {@link LinkageError}) as a flag it cannot read.
 */
final class HotSpotFlags {
    private HotSpotFlags() {}

    /** The flags, or empty if the VM is not HotSpot (it has no such MXBean). */
    static Optional<C2Check.VmFlags> read() {
        HotSpotDiagnosticMXBean hotspot;
        try {
            hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        } catch (RuntimeException e) { // not a platform MXBean in this VM
            hotspot = null;
        }
        if (hotspot == null) {
            return Optional.empty();
        }
        Map<String, C2Check.Flag> flags = new HashMap<>();
        for (String name : C2Check.FLAGS) {
            try {
                VMOption o = hotspot.getVMOption(name);
                boolean byUser = switch (o.getOrigin()) {
                    case VM_CREATION, ENVIRON_VAR, CONFIG_FILE -> true;
                    default -> false;
                };
                flags.put(name, new C2Check.Flag(o.getValue(), byUser));
            } catch (IllegalArgumentException e) {
                // not in this VM build, or an experimental flag that is not unlocked
            }
        }
        return Optional.of(new C2Check.VmFlags(Map.copyOf(flags), System.getProperty("java.vm.info")));
    }
}
