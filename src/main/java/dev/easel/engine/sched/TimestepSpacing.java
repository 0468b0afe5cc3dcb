package dev.easel.engine.sched;

/**
 * How inference timesteps are picked from the training range (diffusers {@code timestep_spacing};
 * see Table 2 of "Common Diffusion Noise Schedules and Sample Steps are Flawed"). LCM ignores it.
 */
public enum TimestepSpacing {
    LINSPACE,
    LEADING,
    TRAILING
}
