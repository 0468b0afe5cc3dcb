package dev.easel.api;

import dev.easel.auth.Caller;
import dev.easel.store.BlobStore;
import dev.easel.store.FileRepository;
import dev.easel.store.Order;
import dev.easel.store.Page;
import dev.easel.store.StoredFile;
import dev.easel.wire.ApiException;
import dev.easel.wire.Ids;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Files API subset that {@code file_id} references need: upload (any OpenAI purpose; images are
 * uploaded as {@code vision} or {@code user_data}), list, retrieve, content, delete. Bytes live in
 * the blob store, metadata in the file repository.
 */
final class FilesRoutes {
    static final List<String> PURPOSES = List.of("assistants", "batch", "fine-tune", "vision", "user_data", "evals");
    private final FileRepository files;
    private final BlobStore blobs;
    private final Clock clock;
    private final Ids ids;
    private final long maxBodyBytes;
    private final StorageQuota quota;

    FilesRoutes(ApiServer.Services services, long maxBodyBytes, StorageQuota quota) {
        this.quota = quota;
        this.files = services.files();
        this.blobs = services.blobs();
        this.clock = services.clock();
        this.ids = services.ids();
        this.maxBodyBytes = maxBodyBytes;
    }

    void upload(Context ctx) throws IOException {
        String type = Requests.contentType(ctx);
        if (!type.startsWith("multipart/form-data")) {
            throw ApiException.unsupportedMediaType(null, "Upload files as multipart/form-data.");
        }
        MultipartForm form = MultipartForm.read(ctx, maxBodyBytes);
        String purpose =
                form.first("purpose").map(MultipartForm.Part::text).orElseThrow(() -> ApiException.missing("purpose"));
        if (!PURPOSES.contains(purpose)) {
            throw ApiException.invalid(
                    "purpose",
                    "Invalid 'purpose': '" + purpose + "'. Supported values are: "
                            + String.join(
                                    ", ",
                                    PURPOSES.stream().map(p -> "'" + p + "'").toList()) + ".");
        }
        // With or without a filename: the SDKs send byte-array and stream uploads without one.
        MultipartForm.Part file = form.first("file").orElseThrow(() -> ApiException.missing("file"));
        byte[] bytes = file.bytes();
        if (bytes.length == 0) {
            throw ApiException.invalid("file", "empty_file", "The uploaded file is empty.");
        }
        quota.check(Auth.caller(ctx), bytes.length);
        String blob = blobs.put(bytes, "bin");
        StoredFile stored = new StoredFile(
                ids.file(),
                file.filename()
                        .map(FilesRoutes::baseName)
                        .filter(n -> !n.isBlank())
                        .orElse("upload"),
                purpose,
                bytes.length,
                clock.instant().getEpochSecond(),
                blob,
                Auth.caller(ctx).owner());
        files.insert(stored);
        json(ctx, fileObject(stored));
    }

    void list(Context ctx) {
        int limit = Optional.ofNullable(ctx.queryParam("limit"))
                .map(FilesRoutes::limit)
                .orElse(10000);
        String order = Optional.ofNullable(ctx.queryParam("order")).orElse("desc");
        if (!List.of("asc", "desc").contains(order)) {
            throw ApiException.invalid("order", "Invalid 'order': expected 'asc' or 'desc'.");
        }
        Caller caller = Auth.caller(ctx);
        Page<StoredFile> page = files.list(
                caller.isAdmin() ? Optional.empty() : Optional.of(caller.owner()),
                Optional.ofNullable(ctx.queryParam("purpose")),
                Optional.ofNullable(ctx.queryParam("after")),
                limit,
                order.equals("asc") ? Order.ASC : Order.DESC);
        ObjectNode body = Json.object();
        body.put("object", "list");
        var data = body.putArray("data");
        page.data().forEach(f -> data.add(fileObject(f)));
        body.put("has_more", page.hasMore());
        if (!page.data().isEmpty()) {
            body.put("first_id", page.data().getFirst().id());
            body.put("last_id", page.data().getLast().id());
        }
        json(ctx, body);
    }

    void retrieve(Context ctx) {
        json(ctx, fileObject(find(ctx, ctx.pathParam("id"))));
    }

    void content(Context ctx) throws IOException {
        StoredFile file = find(ctx, ctx.pathParam("id"));
        byte[] bytes = blobs.get(file.blobName())
                .orElseThrow(() -> ApiException.notFound("The content of file '" + file.id() + "' is gone."));
        ctx.contentType(contentType(bytes)).result(bytes);
    }

    void delete(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        StoredFile file = find(ctx, id);
        if (!files.delete(id)) {
            throw ApiException.notFound("No such File object: " + id);
        }
        ObjectNode body = Json.object();
        body.put("id", id);
        body.put("object", "file");
        body.put("deleted", true);
        // The bytes go with the metadata: a deleted file is not downloadable by any path.
        blobs.delete(file.blobName());
        json(ctx, body);
    }

    /** The file, if the caller may see it; another key's is "not found", so ids cannot be probed. */
    private StoredFile find(Context ctx, String id) {
        Caller caller = Auth.caller(ctx);
        return files.find(id)
                .filter(f -> caller.sees(f.owner()))
                .orElseThrow(() -> ApiException.notFound("No such File object: " + id));
    }

    /** The name without any folder part a client put in it ({@code ../../etc/passwd} is stored as {@code passwd}). */
    static String baseName(String filename) {
        String name = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
        return name.equals("..") || name.equals(".") ? "" : name.strip();
    }

    static ObjectNode fileObject(StoredFile f) {
        ObjectNode o = Json.object();
        o.put("id", f.id());
        o.put("object", "file");
        o.put("bytes", f.bytes());
        o.put("created_at", f.createdAt());
        o.put("filename", f.filename());
        o.put("purpose", f.purpose());
        o.put("status", "processed");
        o.putNull("expires_at");
        o.putNull("status_details");
        return o;
    }

    private static String contentType(byte[] b) {
        if (b.length > 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "image/png";
        }
        if (b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
            return "image/jpeg";
        }
        if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[8] == 'W' && b[9] == 'E') {
            return "image/webp";
        }
        return "application/octet-stream";
    }

    private static int limit(String value) {
        try {
            int v = Integer.parseInt(value);
            if (v >= 1 && v <= 10000) {
                return v;
            }
        } catch (NumberFormatException e) {
            // the error below
        }
        throw ApiException.invalid("limit", "'limit' must be an integer from 1 to 10000.");
    }

    private static void json(Context ctx, ObjectNode body) {
        ctx.contentType("application/json").result(Json.write(body));
    }
}
