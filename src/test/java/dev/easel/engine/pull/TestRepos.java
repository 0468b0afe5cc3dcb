package dev.easel.engine.pull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The fake repositories and client settings the pull tests share. */
final class TestRepos {

    static final String REPO = "acme/tiny-sd";
    static final String FOLDER = "acme--tiny-sd";

    /** What a pull of {@link #tinySd()} must write, sorted. */
    static final List<String> EXPECTED = List.of(
            "model_index.json",
            "scheduler/scheduler_config.json",
            "text_encoder/model.onnx",
            "tokenizer/merges.txt",
            "tokenizer/vocab.json",
            "unet/config.json",
            "unet/model.onnx",
            "unet/model.onnx_data",
            "vae_decoder/model.onnx");

    /** The TAESD repository the TAESD tests pull from, laid out like deinferno/taesd-onnx. */
    static final String TAESD_REPO = "acme/taesd-onnx";

    static final String TAESD_CONFIG = "{\"_class_name\": \"AutoencoderTiny\", \"scaling_factor\": 1.0}\n";

    private TestRepos() {}

    /**
     * An Optimum export of AutoencoderTiny with {@code decoder} as {@code vae_decoder/model.onnx}: the
     * decoder's config, an encoder, a root config and files that must not be fetched.
     */
    static FakeFile[] taesd(byte[] decoder) {
        return new FakeFile[] {
            FakeFile.text(".gitattributes", "*.onnx filter=lfs diff=lfs merge=lfs -text\n"),
            FakeFile.text("README.md", "# taesd-onnx\n"),
            FakeFile.text("config.json", "{\"_class_name\": \"AutoencoderTiny\", \"root\": true}\n"),
            FakeFile.text("convert_to_onnx.py", "print('export')\n"),
            new FakeFile("vae_decoder/model.onnx", decoder, true),
            FakeFile.text("vae_decoder/config.json", TAESD_CONFIG),
            FakeFile.lfs("vae_encoder/model.onnx", 2_000, 21),
            FakeFile.text("vae_encoder/config.json", TAESD_CONFIG),
        };
    }

    /** {@link #taesd(byte[])} with random bytes for the decoder. */
    static FakeFile[] taesd() {
        return taesd(FakeFile.lfs("x", 4_000, 20).content());
    }

    /** A diffusers ONNX export with PyTorch weights, docs and images that must not be fetched. */
    static FakeFile[] tinySd() {
        return new FakeFile[] {
            FakeFile.text(".gitattributes", "*.onnx filter=lfs diff=lfs merge=lfs -text\n"),
            FakeFile.text("README.md", "# tiny-sd\n"),
            FakeFile.text("model_index.json", "{\"_class_name\": \"OnnxStableDiffusionPipeline\"}\n"),
            FakeFile.text("scheduler/scheduler_config.json", "{\"_class_name\": \"PNDMScheduler\"}\n"),
            FakeFile.lfs("text_encoder/model.onnx", 3_000, 1),
            FakeFile.text("tokenizer/merges.txt", "#version: 0.2\nh e\n"),
            FakeFile.text("tokenizer/vocab.json", "{\"h\": 0, \"e\": 1}\n"),
            FakeFile.text("unet/config.json", "{\"sample_size\": 8}\n"),
            FakeFile.lfs("unet/model.onnx", 5_000, 2),
            FakeFile.lfs("unet/model.onnx_data", 200_000, 3),
            FakeFile.lfs("unet/diffusion_pytorch_model.safetensors", 10_000, 4),
            FakeFile.lfs("vae_decoder/model.onnx", 4_000, 5),
            FakeFile.lfs("vae_decoder/diffusion_pytorch_model.bin", 6_000, 6),
            FakeFile.lfs("sample.png", 1_000, 7),
        };
    }

    static FakeFile file(String path) {
        for (FakeFile f : tinySd()) {
            if (f.path().equals(path)) {
                return f;
            }
        }
        throw new IllegalArgumentException(path);
    }

    static RetryPolicy fastRetries() {
        return new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20));
    }

    static HubClient client(FakeHub hub) {
        return client(hub, Optional.empty(), Duration.ofSeconds(5));
    }

    static HubClient client(FakeHub hub, Optional<String> token, Duration timeout) {
        return new HubClient(new HubSettings(hub.endpoint(), token, timeout), fastRetries());
    }
}
