package dev.easel.auth;

/** The open streams of one process. */
class LocalOpenStreamsTest extends OpenStreamsContract {
    private final OpenStreams streams = OpenStreams.local();

    @Override
    protected OpenStreams streams() {
        return streams;
    }
}
