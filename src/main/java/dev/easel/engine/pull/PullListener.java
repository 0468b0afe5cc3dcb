package dev.easel.engine.pull;

/**
 * Progress callbacks of {@link HubClient#pull} and {@link HubClient#pullTaesd}, all made on the pulling
 * thread, in order: one {@link #planned} per pull, then per file either {@link #fileSkipped} or
 * {@link #fileStarted}, any number of {@link #progress} / {@link #retrying}, and {@link #fileDone}. A
 * listener may serve several pulls in a row. Paths are relative to the model folder.
 * Implementations should return quickly; {@link #progress} is called for every received chunk.
 */
public interface PullListener {

    /** A listener that ignores everything. */
    PullListener NONE = new PullListener() {};

    /** The files to fetch or reuse are known. */
    default void planned(int files, long totalBytes) {}

    /** A file is already present and verified; nothing is downloaded. */
    default void fileSkipped(String path, long size) {}

    /** A download begins; {@code resumedFrom} bytes of a previous partial download are kept. */
    default void fileStarted(String path, long size, long resumedFrom) {}

    /** {@code done} of {@code size} bytes of the file are on disk (may go back to 0 on a restart). */
    default void progress(String path, long done, long size) {}

    /** A transfer failed transiently and is tried again after a pause, resuming where possible. */
    default void retrying(String path, int attempt, String problem) {}

    /** The file is complete, verified and in place. */
    default void fileDone(String path, long size) {}
}
