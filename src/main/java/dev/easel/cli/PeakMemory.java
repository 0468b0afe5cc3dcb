package dev.easel.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * This process's resident memory from Linux's {@code /proc/self/status}: the peak since start (or
 * since {@link #reset}) and now. Empty elsewhere.
 */
final class PeakMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private PeakMemory() {}

    /** VmHWM: the most this process has had resident. */
    static OptionalLong peakBytes() {
        return field("VmHWM:");
    }

    /** VmRSS: resident now. */
    static OptionalLong residentBytes() {
        return field("VmRSS:");
    }

    /** Starts a new peak from what is resident now (Linux: writing 5 to clear_refs); false where not possible. */
    static boolean reset() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static String format(OptionalLong bytes) {
        return bytes.isPresent() ? String.format(java.util.Locale.ROOT, "%.2f GB", bytes.getAsLong() / 1e9) : "n/a";
    }

    private static OptionalLong field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    String kb = line.substring(name.length()).trim().split("\\s+")[0];
                    return OptionalLong.of(Long.parseLong(kb) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return OptionalLong.empty();
    }
}
