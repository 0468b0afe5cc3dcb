package dev.easel.engine.convert;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One float16→float32 conversion: reads the source, streams converted weights into temporary
 * files beside the target, then moves them into place, the model file last. The target model
 * file therefore exists only when the conversion finished: its presence marks a complete cache.
 * Concurrent conversions to one target are safe only because conversion is deterministic.
 */
final class Upcaster {
    /** Past this many bytes of converted initializers, the weights go to external data. */
    static final long EXTERNAL_ABOVE_BYTES = 1L << 30;

    private final long externalAboveBytes;
    private final TensorPlacer.Checkpoint checkpoint;
    private final ConversionProgress progress;

    Upcaster(long externalAboveBytes, TensorPlacer.Checkpoint checkpoint) {
        this(externalAboveBytes, checkpoint, ConversionProgress.NONE);
    }

    Upcaster(long externalAboveBytes, TensorPlacer.Checkpoint checkpoint, ConversionProgress progress) {
        this.progress = progress;
        this.externalAboveBytes = externalAboveBytes;
        this.checkpoint = checkpoint;
    }

    /** Whether conversion would change anything; never reads tensor data. */
    static boolean usesFloat16(Path model) throws IOException {
        GraphRewriter finder = new GraphRewriter((tensor, initializer) -> tensor);
        finder.model(ModelFiles.read(model));
        return finder.changes() > 0;
    }

    UpcastSummary upcast(Path source, Path target) throws IOException {
        return convert(source, target, (model, bytes) -> model);
    }

    /** A change to the whole model made before the float16 walk; tensors it adds carry their bytes inline. */
    interface ModelChange {
        ModelProto apply(ModelProto model, TensorBytes bytes) throws IOException;
    }

    /**
     * Writes {@code source}, changed by {@code change} and then upcast, to {@code target} with the
     * same guarantees as {@link #upcast}.
     */
    UpcastSummary convert(Path source, Path target, ModelChange change) throws IOException {
        Path src = source.toAbsolutePath().normalize();
        Path dst = target.toAbsolutePath().normalize();
        if (src.equals(dst)) {
            throw new IllegalArgumentException("cannot upcast " + src + " onto itself");
        }
        Path dir = dst.getParent();
        Files.createDirectories(dir);
        Path dataPath = dir.resolve(dst.getFileName() + "_data");
        try (SourceData sourceData = new SourceData(src)) {
            TensorBytes bytes = new TensorBytes(sourceData);
            ModelProto model = change.apply(ModelFiles.read(src), bytes);
            Measure measure = new Measure(sourceData, bytes);
            new GraphRewriter(measure).model(model);
            if (measure.sourceFiles.contains(dataPath)) {
                throw new IllegalArgumentException(
                        "the target's data file " + dataPath + " is the source's own external data");
            }
            boolean external = !measure.sourceFiles.isEmpty() || measure.initializerBytes > externalAboveBytes;
            progress.started(src.toString(), measure.initializerBytes);
            try {
                UpcastSummary summary = write(model, bytes, new Target(dst, dataPath, external));
                // The measure counts small tensors kept as they are too: the end is all of it.
                progress.written(measure.initializerBytes);
                return summary;
            } finally {
                progress.finished();
            }
        }
    }

    /**
     * Where one conversion installs its result: the model file, the data file beside it, and
     * whether the weights go to that data file (else they are embedded).
     */
    private record Target(Path model, Path data, boolean external) {}

    private UpcastSummary write(ModelProto model, TensorBytes bytes, Target target) throws IOException {
        Path tempModel = tempBeside(target.model());
        Optional<Path> tempData = target.external() ? Optional.of(tempBeside(target.data())) : Optional.empty();
        boolean installed = false;
        try {
            Files.createFile(tempModel);
            if (tempData.isPresent()) {
                Files.createFile(tempData.get());
            }
            long dataBytes;
            ModelProto converted;
            GraphRewriter rewriter;
            try (DataPlacement placement = tempData.isPresent()
                    ? new DataPlacement.External(new DataFileWriter(
                            tempData.get(), target.data().getFileName().toString()))
                    : new DataPlacement.Embedded()) {
                rewriter = new GraphRewriter(new TensorPlacer(bytes, placement, checkpoint, progress));
                converted = rewriter.model(model);
                dataBytes = placement.finish();
            }
            long modelBytes = writeModel(converted, tempModel);
            Files.deleteIfExists(target.model());
            if (tempData.isPresent()) {
                move(tempData.get(), target.data());
            } else {
                // Stale weights of an earlier external conversion; nothing refers to them now.
                Files.deleteIfExists(target.data());
            }
            move(tempModel, target.model());
            installed = true;
            return new UpcastSummary(rewriter.halfTensors(), modelBytes + dataBytes, target.external());
        } finally {
            if (!installed) {
                Files.deleteIfExists(tempModel);
                if (tempData.isPresent()) {
                    Files.deleteIfExists(tempData.get());
                }
            }
        }
    }

    private static long writeModel(ModelProto model, Path file) throws IOException {
        if (model.getSerializedSize() < 0) {
            // getSerializedSize overflows past 2 GB, which protobuf cannot encode.
            throw new InvalidModelException("the converted model exceeds protobuf's 2 GB limit");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(channel);
            model.writeTo(out);
            channel.force(true);
            return channel.size();
        }
    }

    /** A hidden, unique name in the target's folder, so the final move is a same-filesystem rename. */
    private static Path tempBeside(Path file) {
        return file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** First pass: sizes the converted initializers and finds the source's external files. */
    private static final class Measure implements GraphRewriter.TensorMapper {
        private final SourceData source;
        private final TensorBytes bytes;
        private final Set<Path> sourceFiles = new HashSet<>();
        private long initializerBytes;

        Measure(SourceData source, TensorBytes bytes) {
            this.source = source;
            this.bytes = bytes;
        }

        @Override
        public TensorProto map(TensorProto t, boolean initializer) throws IOException {
            if (SourceData.isExternal(t)) {
                sourceFiles.add(source.extent(t).file());
            }
            if (initializer) {
                initializerBytes += TensorBytes.streamable(t) ? bytes.targetLength(t) : t.getSerializedSize();
            }
            return t;
        }
    }
}
