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

    /** The runtime, showing the models' one-time conversions on stderr ({@link ConversionMeter}). */
    OrtRuntime runtime() {
        OrtRuntime.Device parsed = OrtRuntime.Device.parse(device);
        OrtRuntime runtime = threads == 0 ? OrtRuntime.create(parsed) : OrtRuntime.create(parsed, threads);
        // Not closed: it is System.err.
        return runtime.withConversions(new ConversionMeter(new java.io.PrintWriter(System.err, true)));
    }
}
