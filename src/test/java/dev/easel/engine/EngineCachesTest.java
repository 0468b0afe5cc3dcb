package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.synth.SyntheticModel;
import dev.easel.media.RgbImage;
import org.junit.jupiter.api.Test;

/** The caches save work, count it, stay within their bounds, and never change a picture. */
class EngineCachesTest {

    private static DiffusionModel load(EngineCaches caches) {
        return DiffusionModel.load(TestModels.folder(SyntheticModel.Shape.TINY), TestModels.runtime(), caches);
    }

    @Test
    void repeatedPromptsSkipTheTextEncoderWithIdenticalResults() {
        EngineCaches caches = EngineCaches.defaults();
        try (DiffusionModel model = load(caches)) {
            ImageJob job = ImageJob.text("a red fox", 64, 64, 2, 7.5, 3).withNegativePrompt("blurry");
            GeneratedImage first = model.generate(job, GenerationListener.NONE, CancelToken.NEVER);
            GeneratedImage second = model.generate(job, GenerationListener.NONE, CancelToken.NEVER);
            assertThat(first.cacheUse()).isEqualTo(new CacheUse(0, 2, false));
            assertThat(second.cacheUse()).isEqualTo(new CacheUse(2, 2, false));
            assertThat(second.timings().nanos(Stage.TEXT_ENCODER)).isZero();
            assertThat(second.image().rgb()).isEqualTo(first.image().rgb());
            EngineCaches.Counters c = caches.embeddingCounters();
            assertThat(c.hits()).isEqualTo(2);
            assertThat(c.misses()).isEqualTo(2);
            assertThat(c.entries()).isEqualTo(2);
        }
    }

    @Test
    void uploadedPixelsAreEncodedOncePerSize() {
        EngineCaches caches = EngineCaches.defaults();
        try (DiffusionModel model = load(caches)) {
            RgbImage pixels = gradient(64, 64);
            ImageJob edit = ImageJob.text("a lake at night", 64, 64, 4, 0, 2)
                    .withInit(new Init.Edit(new SourceImage.PixelsOnly(pixels), 0.5, new Init.WholeImage()));
            GeneratedImage first = model.generate(edit, GenerationListener.NONE, CancelToken.NEVER);
            GeneratedImage second = model.generate(edit, GenerationListener.NONE, CancelToken.NEVER);
            assertThat(first.cacheUse().sourceLatentsReused()).isFalse();
            assertThat(first.timings().nanos(Stage.VAE_ENCODER)).isPositive();
            assertThat(second.cacheUse().sourceLatentsReused()).isTrue();
            assertThat(second.timings().nanos(Stage.VAE_ENCODER)).isZero();
            assertThat(second.image().rgb()).isEqualTo(first.image().rgb());
        }
    }

    @Test
    void generatedPixelsSentBackStartFromTheirExactLatents() {
        EngineCaches caches = EngineCaches.defaults();
        try (DiffusionModel model = load(caches)) {
            GeneratedImage round0 = model.generate(
                    ImageJob.text("a lake", 64, 64, 2, 0, 1), GenerationListener.NONE, CancelToken.NEVER);
            ImageJob byPixels = ImageJob.text("a lake at night", 64, 64, 4, 0, 2)
                    .withInit(new Init.Edit(new SourceImage.PixelsOnly(round0.image()), 0.5, new Init.WholeImage()));
            ImageJob byLatents = byPixels.withInit(
                    new Init.Edit(new SourceImage.Known(round0.image(), round0.latents()), 0.5, new Init.WholeImage()));
            GeneratedImage a = model.generate(byPixels, GenerationListener.NONE, CancelToken.NEVER);
            GeneratedImage b = model.generate(byLatents, GenerationListener.NONE, CancelToken.NEVER);
            assertThat(a.cacheUse().sourceLatentsReused()).isTrue();
            assertThat(a.timings().nanos(Stage.VAE_ENCODER)).isZero();
            assertThat(a.image().rgb()).isEqualTo(b.image().rgb());
        }
    }

    @Test
    void evictedGeneratedLatentsAreReadBackSoEditsGiveTheSamePicture() {
        java.util.Map<String, Latents> durable = new java.util.concurrent.ConcurrentHashMap<>();
        LatentStore store = new LatentStore() {
            @Override
            public java.util.Optional<Latents> load(String key) {
                return java.util.Optional.ofNullable(durable.get(key));
            }

            @Override
            public void save(String key, Latents latents) {
                durable.put(key, latents);
            }

            @Override
            public void delete(String key) {
                durable.remove(key);
            }
        };
        EngineCaches roomy = EngineCaches.defaults();
        EngineCaches cramped = new EngineCaches(0, 1, store);
        try (DiffusionModel a = load(roomy);
                DiffusionModel b = load(cramped)) {
            ImageJob first = ImageJob.text("a lake", 64, 64, 2, 0, 1);
            GeneratedImage fromRoomy = a.generate(first, GenerationListener.NONE, CancelToken.NEVER);
            GeneratedImage fromCramped = b.generate(first, GenerationListener.NONE, CancelToken.NEVER);
            cramped.cleanUp();
            assertThat(cramped.latentCounters().entries()).isZero();
            assertThat(durable).hasSize(1);
            ImageJob edit = ImageJob.text("a lake at night", 64, 64, 4, 0, 2)
                    .withInit(new Init.Edit(new SourceImage.PixelsOnly(fromRoomy.image()), 0.5, new Init.WholeImage()));
            GeneratedImage cached = a.generate(edit, GenerationListener.NONE, CancelToken.NEVER);
            GeneratedImage readBack = b.generate(
                    edit.withInit(
                            new Init.Edit(new SourceImage.PixelsOnly(fromCramped.image()), 0.5, new Init.WholeImage())),
                    GenerationListener.NONE,
                    CancelToken.NEVER);
            assertThat(readBack.cacheUse().sourceLatentsReused()).isTrue();
            assertThat(readBack.image().rgb()).isEqualTo(cached.image().rgb());
        }
    }

    private static RgbImage gradient(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            rgb[i * 3] = (byte) (i % w * 4);
            rgb[i * 3 + 1] = (byte) (i / w * 4);
            rgb[i * 3 + 2] = (byte) 90;
        }
        return new RgbImage(w, h, rgb);
    }

    @Test
    void smallBoundsEvictAndResultsStayTheSame() {
        EngineCaches tiny = new EngineCaches(77 * 768 * 4 + 200, 0);
        EngineCaches none = EngineCaches.none();
        try (DiffusionModel cached = load(tiny);
                DiffusionModel uncached = load(none)) {
            for (String prompt : new String[] {"one", "two", "three", "one", "two"}) {
                ImageJob job = ImageJob.text(prompt, 64, 64, 2, 0, 5);
                RgbImage a = cached.generate(job, GenerationListener.NONE, CancelToken.NEVER)
                        .image();
                RgbImage b = uncached.generate(job, GenerationListener.NONE, CancelToken.NEVER)
                        .image();
                assertThat(a.rgb()).isEqualTo(b.rgb());
            }
            tiny.cleanUp();
            EngineCaches.Counters c = tiny.embeddingCounters();
            assertThat(c.evictions()).isGreaterThanOrEqualTo(3);
            assertThat(c.entries()).isLessThanOrEqualTo(1);
            assertThat(c.bytes()).isLessThanOrEqualTo(77 * 768 * 4 + 200);
        }
    }

    @Test
    void generatedImagesLatentsAreKeptById() {
        EngineCaches caches = EngineCaches.defaults();
        Latents latents = new Latents(4, 8, 8, new float[256]);
        caches.putImageLatents("ig_1", latents);
        assertThat(caches.imageLatents("ig_1")).containsSame(latents);
        assertThat(caches.imageLatents("ig_2")).isEmpty();
    }
}
