package dev.easel.cli;

import dev.easel.engine.OrtRuntime;
import picocli.CommandLine.Option;

/** The shared {@code --device} and {@code --threads} options (env EASEL_DEVICE, EASEL_THREADS). */
final class DeviceOption {
    @Option(
            names = "--device",
            defaultValue = "${env:EASEL_DEVICE:-auto}",
            description = "auto, cpu or cuda (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(
            names = "--threads",
            defaultValue = "${env:EASEL_THREADS:-0}",
            description = "ONNX Runtime intra-op threads; 0 = one per available processor (default: ${DEFAULT-VALUE}).")
    int threads;

    OrtRuntime runtime() {
        OrtRuntime.Device parsed = OrtRuntime.Device.parse(device);
        return threads == 0 ? OrtRuntime.create(parsed) : OrtRuntime.create(parsed, threads);
    }
}
