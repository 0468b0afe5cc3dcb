package dev.easel;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.random.RandomGenerator;

/** Secrets the server keeps in its data folder, readable by its own user only. */
final class DataFolder {
    private static final int SECRET_BYTES = 32;

    private DataFolder() {}

    /**
     * The data folder, made readable by this user only (mode 700): the database, blobs and
     * latents inside are then out of other local users' reach whatever their own modes.
     */
    static void secure(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own access rules apply
        }
    }

    /** The secret in {@code file}, made (32 random bytes, mode 600) on first use. */
    static byte[] secret(Path file, RandomGenerator random) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            byte[] fresh = new byte[SECRET_BYTES];
            random.nextBytes(fresh);
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(file, fresh, StandardOpenOption.TRUNCATE_EXISTING);
            } catch (FileAlreadyExistsException e) {
                // another process made it first: use theirs
            } catch (UnsupportedOperationException e) {
                Files.write(file, fresh, StandardOpenOption.CREATE_NEW);
            }
        }
        byte[] secret = Files.readAllBytes(file);
        if (secret.length < SECRET_BYTES) {
            throw new IOException(file + " holds " + secret.length + " bytes, not a " + SECRET_BYTES
                    + "-byte secret; delete it and restart to make a new one (issued image URLs stop working)");
        }
        return secret;
    }
}
