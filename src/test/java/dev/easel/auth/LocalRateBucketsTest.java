package dev.easel.auth;

/** The per-key buckets of one process. */
class LocalRateBucketsTest extends RateBucketsContract {
    private final RateBuckets buckets = RateBuckets.local(System::nanoTime);

    @Override
    protected RateBuckets buckets() {
        return buckets;
    }
}
