package dev.easel.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, per guided run, whether its two guidance passes may share one UNet call of batch 2 or
 * run as two calls of batch 1 ({@link MemoryMode}). A batched call holds every activation twice;
 * on Stable-Diffusion-family UNets the largest are the self-attention scores of the
 * highest-resolution blocks, heads × S² floats per batch entry for S = latent pixels, with a few
 * such buffers alive at once. {@code AUTO} runs batched only when the memory available now
 * (Linux's MemAvailable, bounded by the cgroup's limit) covers that second entry's share with room
 * to spare; otherwise sequentially, which gives the same pixels within float rounding. The same
 * reckoning bounds a batch of several images ({@link #entries}).
 */
final class MemoryBudget {
    private static final Logger log = LoggerFactory.getLogger(MemoryBudget.class);

    /** Heads of SD 1.x's attention (SD 2.x has fewer at the largest scale): the conservative count. */
    static final int HEADS = 8;

    /** Attention-score-sized buffers one batch entry holds at its peak (measured on the sd15 shape: see docs). */
    static final double BUFFERS = 3;

    /** What must stay free besides: the Java heap's growth, the decoder, other requests' small allocations. */
    static final long HEADROOM = 1L << 30;

    private final MemoryMode mode;

    MemoryBudget(MemoryMode mode) {
        this.mode = mode;
    }

    /** The bytes one more batch entry's activations take at a latent size of {@code lh}×{@code lw}. */
    static long perEntryBytes(int lh, int lw) {
        double tokens = (double) lh * lw;
        return (long) (BUFFERS * HEADS * tokens * tokens * Float.BYTES);
    }

    /** Whether a guided run at this latent size runs its passes as two calls of batch 1. */
    boolean sequential(int lh, int lw) {
        return switch (mode) {
            case FAST -> false;
            case LOW -> true;
            case AUTO -> {
                long need = perEntryBytes(lh, lw) + HEADROOM;
                OptionalLong available = available();
                boolean low = available.isPresent() && available.getAsLong() < need;
                if (low) {
                    log.debug(
                            "guided run at {}x{} latents: {} MB available, a batched call needs ~{} MB more:"
                                    + " running its passes one after the other",
                            lw,
                            lh,
                            available.getAsLong() >> 20,
                            need >> 20);
                }
                yield low;
            }
        };
    }

    /**
     * The most batch entries (copies of the sample: a guided image takes two) one UNet call may hold
     * at this latent size: no bound for {@code FAST}, one for {@code LOW}, and for {@code AUTO} the
     * first entry plus as many more as the memory available now covers after the headroom, the
     * same reckoning as {@link #sequential} (which batches a guided run's two entries exactly when
     * this is at least 2).
     */
    int entries(int lh, int lw) {
        return switch (mode) {
            case FAST -> Integer.MAX_VALUE;
            case LOW -> 1;
            case AUTO -> {
                OptionalLong available = available();
                if (available.isEmpty()) {
                    yield Integer.MAX_VALUE;
                }
                long room = available.getAsLong() - HEADROOM;
                yield room <= 0 ? 1 : (int) Math.min(Integer.MAX_VALUE, 1 + room / Math.max(1, perEntryBytes(lh, lw)));
            }
        };
    }

    /** Bytes this process can still take, or empty when the system does not say. */
    static OptionalLong available() {
        OptionalLong meminfo = memAvailable(Path.of("/proc/meminfo"));
        OptionalLong cgroup = cgroupRoom(Path.of("/sys/fs/cgroup"));
        if (meminfo.isPresent() && cgroup.isPresent()) {
            return OptionalLong.of(Math.min(meminfo.getAsLong(), cgroup.getAsLong()));
        }
        if (meminfo.isPresent() || cgroup.isPresent()) {
            return meminfo.isPresent() ? meminfo : cgroup;
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return OptionalLong.of(os.getFreeMemorySize());
        }
        return OptionalLong.empty();
    }

    /** MemAvailable from a meminfo file (kB), the kernel's estimate of what can be allocated without swapping. */
    static OptionalLong memAvailable(Path meminfo) {
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemAvailable:")) {
                    List<String> parts = List.of(line.substring(13).trim().split("\\s+"));
                    return OptionalLong.of(Long.parseLong(parts.getFirst()) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or an unreadable procfs: no figure.
        }
        return OptionalLong.empty();
    }

    /** Room left under a cgroup v2 memory limit (memory.max − memory.current), empty without a limit. */
    static OptionalLong cgroupRoom(Path cgroup) {
        try {
            String max = Files.readString(cgroup.resolve("memory.max")).trim();
            if (max.equals("max")) {
                return OptionalLong.empty();
            }
            long current = Long.parseLong(
                    Files.readString(cgroup.resolve("memory.current")).trim());
            return OptionalLong.of(Math.max(0, Long.parseLong(max) - current));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
