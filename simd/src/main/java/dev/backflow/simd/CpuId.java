package dev.backflow.simd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which CPU this is, as cheaply as Linux tells it: the first processor's vendor, family and model in
 * /proc/cpuinfo. On x86 these are {@code vendor_id}, {@code cpu family} and {@code model} (AMD's Zen 3 EPYC:
 * AuthenticAMD, 25, 1); on Arm, {@code CPU implementer} (as "arm-0x41"), {@code CPU architecture} and
 * {@code CPU part}. {@link TunedDefaults} is keyed by it.
 *
 * @param vendor the vendor, as /proc/cpuinfo spells it
 * @param family the CPU family (x86) or architecture (Arm)
 * @param model  the model (x86) or part number (Arm)
 */
record CpuId(String vendor, int family, int model) {

    /** The text of /proc/cpuinfo, or "" where it cannot be read for any reason (not Linux, no permission). */
    static String procCpuinfo() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            return "";
        }
    }

    /** The first processor's identity in a /proc/cpuinfo text; empty where it does not say. Never throws. */
    static Optional<CpuId> parse(String cpuinfo) {
        Map<String, String> fields = new HashMap<>();
        for (String line : cpuinfo.split("\n")) {
            if (line.isBlank()) {
                if (!fields.isEmpty()) {
                    break; // the end of the first processor's block
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        try {
            if (fields.containsKey("vendor_id")) {
                String vendor = fields.get("vendor_id");
                return vendor.isEmpty() || vendor.contains(" ") ? Optional.empty()
                        : Optional.of(new CpuId(vendor, Integer.parseInt(fields.get("cpu family")),
                        Integer.parseInt(fields.get("model"))));
            }
            if (fields.containsKey("CPU implementer")) {
                return Optional.of(new CpuId("arm-" + fields.get("CPU implementer").toLowerCase(Locale.ROOT),
                        Integer.parseInt(fields.get("CPU architecture")), Integer.decode(fields.get("CPU part"))));
            }
        } catch (RuntimeException e) { // a field missing or not a number
            return Optional.empty();
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return vendor + " family " + family + " model " + model;
    }
}
