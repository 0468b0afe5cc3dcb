package dev.easel;

import dev.easel.auth.CorsOrigins;
import dev.easel.engine.EngineTuning;
import dev.easel.engine.OrtRuntime;
import dev.easel.engine.pull.HubSettings;
import dev.easel.safety.UrlPolicy;
import dev.easel.tools.mcp.McpTimeouts;
import dev.easel.tools.planner.PlannerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Config#defaults()}: the values every layer starts from. */
final class ConfigDefaults {
    private ConfigDefaults() {}

    static Config config() {
        return new Config(
                "127.0.0.1",
                8080,
                Path.of("models"),
                Path.of("data"),
                "",
                Map.of(),
                "onnx-community/stable-diffusion-v1-5-ONNX",
                Optional.empty(),
                16,
                1,
                64L << 20,
                4096L * 4096,
                16L << 20,
                OrtRuntime.Device.AUTO,
                0,
                64L << 20,
                256L << 20,
                new Config.Planner(Optional.empty(), "", Optional.empty(), PlannerSettings.DEFAULT_TIMEOUT, List.of()),
                new Config.Url(UrlPolicy.publicOnly(), Optional.empty()),
                new Config.Hub(HubSettings.DEFAULT_ENDPOINT, Optional.empty(), HubSettings.DEFAULT_TIMEOUT),
                new Config.Mcp(
                        McpTimeouts.defaults().connect(),
                        McpTimeouts.defaults().list(),
                        McpTimeouts.defaults().call()),
                new Config.Search(Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(10)),
                new Config.Auth(Optional.empty(), Optional.empty(), false, 600, 60, 8, 10L << 30),
                new Config.Cors(CorsOrigins.none()),
                new Config.Moderation(
                        true,
                        Optional.empty(),
                        false,
                        Optional.empty(),
                        List.of("nsfw"),
                        Optional.empty(),
                        List.of("toxic")),
                new Config.Provenance(true, Optional.empty(), Optional.empty(), true),
                new BlobSettings(
                        Optional.empty(),
                        Optional.empty(),
                        "us-east-1",
                        false,
                        "easel/",
                        Optional.empty(),
                        Optional.empty()),
                StoreSettings.DEFAULTS,
                ClusterSettings.DEFAULTS,
                EngineTuning.DEFAULTS);
    }
}
