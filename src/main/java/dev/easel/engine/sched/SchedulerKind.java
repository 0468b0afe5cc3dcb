package dev.easel.engine.sched;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/** The sampling algorithms Easel implements, each matching the diffusers class of the same name. */
public enum SchedulerKind {
    EULER("euler"),
    EULER_ANCESTRAL("euler_a"),
    DDIM("ddim"),
    LCM("lcm");

    private final String apiName;

    SchedulerKind(String apiName) {
        this.apiName = apiName;
    }

    /**
     * Parses an API name: "euler", "euler_a" (also "euler_ancestral"), "ddim", "lcm", case-insensitive.
     *
     * @throws IllegalArgumentException naming the valid names when {@code name} is none of them
     */
    public static SchedulerKind parse(String name) {
        Objects.requireNonNull(name, "name");
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("euler_ancestral")) {
            return EULER_ANCESTRAL;
        }
        for (SchedulerKind kind : values()) {
            if (kind.apiName.equals(lower)) {
                return kind;
            }
        }
        String valid = Arrays.stream(values()).map(SchedulerKind::apiName).collect(Collectors.joining(", "));
        throw new IllegalArgumentException(
                "unknown scheduler '" + name + "'; valid: " + valid + " (or euler_ancestral)");
    }

    /** The API name: "euler", "euler_a", "ddim", "lcm". */
    public String apiName() {
        return apiName;
    }

    /**
     * Maps a diffusers {@code _class_name} to the kind to run. Schedulers Easel does not implement
     * (PNDM, LMS, DPM-Solver, ...) fall back to Euler, which samples the same trained model well.
     */
    public static SchedulerKind fromClassName(String className) {
        Objects.requireNonNull(className, "className");
        return switch (className) {
            case "EulerAncestralDiscreteScheduler" -> EULER_ANCESTRAL;
            case "DDIMScheduler" -> DDIM;
            case "LCMScheduler" -> LCM;
            default -> EULER;
        };
    }
}
