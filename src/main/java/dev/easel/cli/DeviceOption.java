package dev.easel.cli;

import dev.easel.engine.OrtRuntime;
import picocli.CommandLine.Option;

/** The shared {@code --device} option (env EASEL_DEVICE). */
final class DeviceOption {
    @Option(
            names = "--device",
            defaultValue = "${env:EASEL_DEVICE:-auto}",
            description = "auto, cpu or cuda (default: ${DEFAULT-VALUE}).")
    String device;

    OrtRuntime runtime() {
        return OrtRuntime.create(OrtRuntime.Device.parse(device));
    }
}
