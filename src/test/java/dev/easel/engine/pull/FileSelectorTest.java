package dev.easel.engine.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileSelectorTest {

    private static final RepoId REPO = new RepoId("acme/sdxl");

    @Test
    void keepsGraphsExternalDataConfigsAndTokenizersOnly() throws PullException {
        List<RepoFile> listing = files(
                "model_index.json",
                "README.md",
                ".gitattributes",
                "tokenizer/vocab.json",
                "tokenizer/merges.txt",
                "tokenizer_2/vocab.json",
                "scheduler/scheduler_config.json",
                "text_encoder/model.onnx",
                "text_encoder/model.safetensors",
                "text_encoder_2/model.onnx",
                "text_encoder_2/model.onnx_data",
                "unet/model.onnx",
                "unet/model.onnx.data",
                "unet/weights.pb",
                "unet/onnx__MatMul_1234",
                "unet/config.json",
                "unet/diffusion_pytorch_model.fp16.safetensors",
                "unet/diffusion_flax_model.msgpack",
                "unet/fp16/model.onnx",
                "vae_decoder/model.onnx",
                "vae_decoder/diffusion_pytorch_model.bin",
                "vae_encoder/model.onnx",
                "taesd_decoder/model.onnx",
                "vae_taesd_decoder/model.onnx",
                "safety_checker/model.onnx",
                "feature_extractor/preprocessor_config.json",
                "images/sample.png",
                "vae/diffusion_pytorch_model.ckpt");

        assertThat(FileSelector.select(new RepoRevision(REPO, "main"), listing))
                .extracting(PlannedFile::target)
                .containsExactly(
                        "model_index.json",
                        "scheduler/scheduler_config.json",
                        "taesd_decoder/model.onnx",
                        "text_encoder/model.onnx",
                        "text_encoder_2/model.onnx",
                        "text_encoder_2/model.onnx_data",
                        "tokenizer/merges.txt",
                        "tokenizer/vocab.json",
                        "tokenizer_2/vocab.json",
                        "unet/config.json",
                        "unet/model.onnx",
                        "unet/model.onnx.data",
                        "unet/onnx__MatMul_1234",
                        "unet/weights.pb",
                        "vae_decoder/model.onnx",
                        "vae_encoder/model.onnx",
                        "vae_taesd_decoder/model.onnx");
    }

    @Test
    void largeJsonInComponentFoldersIsSkipped() throws PullException {
        List<RepoFile> listing = List.of(
                new RepoFile("unet/model.onnx", 10, Optional.empty(), Optional.empty()),
                new RepoFile("unet/huge_stats.json", 5 << 20, Optional.empty(), Optional.empty()));

        assertThat(FileSelector.select(new RepoRevision(REPO, "main"), listing))
                .extracting(PlannedFile::target)
                .containsExactly("unet/model.onnx");
    }

    @Test
    void onnxSubfolderIsFlattenedAndTakesRootSupportFilesItLacks() throws PullException {
        List<RepoFile> listing = files(
                "model_index.json",
                "tokenizer/vocab.json",
                "tokenizer/merges.txt",
                "scheduler/root.json",
                "unet/diffusion_pytorch_model.safetensors",
                "onnx/unet/model.onnx",
                "onnx/unet/model.onnx_data",
                "onnx/scheduler/scheduler_config.json");

        List<PlannedFile> plan = FileSelector.select(new RepoRevision(REPO, "main"), listing);

        assertThat(plan)
                .extracting(PlannedFile::target)
                .containsExactly(
                        "model_index.json",
                        "scheduler/scheduler_config.json",
                        "tokenizer/merges.txt",
                        "tokenizer/vocab.json",
                        "unet/model.onnx",
                        "unet/model.onnx_data");
        assertThat(plan).extracting(p -> p.source().path()).contains("onnx/unet/model.onnx", "tokenizer/vocab.json");
    }

    @Test
    void rootExportWinsOverAnOnnxFolder() throws PullException {
        List<RepoFile> listing = files("unet/model.onnx", "onnx/unet/model.onnx");

        assertThat(FileSelector.select(new RepoRevision(REPO, "main"), listing))
                .extracting(PlannedFile::target)
                .containsExactly("unet/model.onnx");
    }

    @Test
    void missingUnetGraphIsNotAnOnnxExport() {
        assertThatThrownBy(() -> FileSelector.select(
                        new RepoRevision(REPO, "fp16"), files("unet/model.safetensors", "model_index.json")))
                .isInstanceOfSatisfying(
                        PullException.class, e -> assertThat(e.reason()).isEqualTo(PullException.Reason.NOT_ONNX))
                .hasMessageStartingWith("acme/sdxl at revision 'fp16' is not an ONNX export (no unet/model.onnx):"
                        + " look for a repository with an onnx/ layout");
    }

    private static List<RepoFile> files(String... paths) {
        return Arrays.stream(paths)
                .map(p -> new RepoFile(p, 100, Optional.empty(), Optional.empty()))
                .toList();
    }
}
