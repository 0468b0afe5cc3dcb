package dev.easel;

import dev.easel.engine.EngineCaches;
import dev.easel.images.ImageFiles;
import dev.easel.images.OutputMark;
import dev.easel.safety.provenance.ContentCredentials;
import dev.easel.safety.provenance.Signer;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the configuration's {@code provenance.*} settings do to every generated picture, for the
 * server and {@code easel generate} alike: the mark on its pixels and the file it is written to
 * (generation parameters, XMP source type, signed C2PA content credentials).
 */
public final class OutputFiles {
    private static final Logger log = LoggerFactory.getLogger(OutputFiles.class);

    private OutputFiles() {}

    /** Easel's invisible watermark ({@code provenance.watermark}), or none. */
    public static OutputMark mark(Config config, Clock clock, EngineCaches caches) {
        return config.provenance().watermark() ? new OutputMark.Invisible(clock, caches) : new OutputMark.Off();
    }

    /**
     * How returned images are written: with content credentials signed by the configured key, or
     * by the local CA's signer (made in {@code data_dir/c2pa} on first start), unless switched off.
     * The manifests' identifiers come from their own source, split from {@code random} once here,
     * so signing images never shifts the ids a seeded test expects.
     */
    public static ImageFiles imageFiles(Config config, Clock clock, RandomGenerator random) throws IOException {
        Config.Provenance p = config.provenance();
        if (!p.c2pa()) {
            log.info("content credentials are off (provenance.c2pa: false): images carry no C2PA manifest");
            return ImageFiles.withoutCredentials();
        }
        Signer signer;
        if (p.signingKey().isPresent()) {
            signer = Signer.load(p.signingKey().get(), p.signingCertificate().orElseThrow());
        } else {
            DataFolder.secure(config.dataDir());
            signer = Signer.localCa(config.dataDir().resolve("c2pa"), random, clock);
        }
        var leaf = signer.chain().getFirst();
        log.info(
                "signing C2PA content credentials as '{}', issued by '{}' (valid until {})",
                leaf.getSubjectX500Principal().getName(),
                leaf.getIssuerX500Principal().getName(),
                leaf.getNotAfter().toInstant());
        long seed;
        synchronized (random) {
            seed = random.nextLong();
        }
        return new ImageFiles(
                Optional.of(new ContentCredentials(signer, new java.util.SplittableRandom(seed))), version());
    }

    /** The jar's version, or "dev" when run from classes. */
    private static String version() {
        String version = OutputFiles.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
