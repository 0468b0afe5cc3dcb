package dev.easel.api;

import dev.easel.wire.ApiException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * A {@code multipart/form-data} body, read once with Jetty's multipart parser under the server's
 * one body limit ({@code max_body_bytes}), whether or not the parts carry a filename.
 *
 * <p>Why not the servlet API ({@code getParts()}, Javalin's {@code formParam}/{@code uploadedFile}):
 * the servlet container turns every part without a filename into a request parameter, counting it
 * against its form-content limit (200,000 bytes) and decoding it as text. The official SDKs send
 * byte-array and stream uploads exactly so, without a filename, so an ordinary image upload was
 * refused, and a large one would have been copied into a string. Here the route decides which parts
 * are files by name, and reads them as bytes.
 */
final class MultipartForm {
    /** Far more than any OpenAI request has (16 images and every scalar field is about 40). */
    private static final int MAX_PARTS = 128;

    /** The longest file name a part may carry, as most file systems allow. */
    static final int MAX_FILENAME_LENGTH = 255;

    /** One part, read whole. */
    record Part(String name, Optional<String> filename, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private final List<Part> parts;

    private MultipartForm(List<Part> parts) {
        this.parts = parts;
    }

    /**
     * Reads and parses the whole body. A body past {@code maxBytes} (caught while it streams in,
     * so a chunked upload without a Content-Length is held to the same limit) is a 413 naming the
     * limit; a malformed one is a 400.
     */
    static MultipartForm read(Context ctx, long maxBytes) {
        Request request = ServletContextRequest.getServletContextRequest(ctx.req());
        MultiPartConfig config = Request.getMultiPartConfig(request, null)
                .maxParts(MAX_PARTS)
                .maxSize(maxBytes)
                .maxPartSize(maxBytes)
                .maxMemoryPartSize(-1) // the body is bounded and read into memory anyway: no temporary files
                .useFilesForPartsWithoutFileName(true)
                .build();
        List<Part> read = new ArrayList<>();
        try (MultiPartFormData.Parts parts =
                MultiPartFormData.getParts(request, request, ctx.header("Content-Type"), config)) {
            for (MultiPart.Part part : parts) {
                if (part.getName() == null || part.getName().isEmpty()) {
                    throw ApiException.invalid(
                            null,
                            "invalid_multipart",
                            "A part of the multipart/form-data body has no name (Content-Disposition: form-data;"
                                    + " name=\"...\").");
                }
                Optional<String> filename = Optional.ofNullable(part.getFileName());
                filename.ifPresent(n -> checkFilename(part.getName(), n));
                read.add(new Part(part.getName(), filename, bytes(part)));
            }
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException | IOException e) {
            throw failure(e, maxBytes);
        }
        return new MultipartForm(List.copyOf(read));
    }

    /** A file name is stored and shown again: no control characters (NUL, CR, LF), at most 255 characters. */
    private static void checkFilename(String part, String filename) {
        if (filename.length() > MAX_FILENAME_LENGTH) {
            throw ApiException.invalid(
                    part,
                    "invalid_filename",
                    "The file name of part '" + part + "' is " + filename.length() + " characters long; at most "
                            + MAX_FILENAME_LENGTH + " are allowed.");
        }
        if (filename.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalid(
                    part,
                    "invalid_filename",
                    "The file name of part '" + part + "' contains a control character (such as NUL).");
        }
    }

    private static byte[] bytes(MultiPart.Part part) throws IOException {
        try (InputStream in = Content.Source.asInputStream(part.createContentSource())) {
            return in.readAllBytes();
        }
    }

    /** Jetty reports its limits as IllegalStateExceptions, somewhere in the cause chain. */
    private static ApiException failure(Exception e, long maxBytes) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof IllegalStateException
                    && (message.startsWith("max length exceeded") || message.startsWith("max file size exceeded"))) {
                return ApiException.tooLarge(null, ApiServer.bodyTooLargeMessage(maxBytes));
            }
            if (t instanceof IllegalStateException && message.startsWith("Form with too many keys")) {
                return ApiException.invalid(
                        null,
                        "invalid_multipart",
                        "The multipart/form-data body has more than " + MAX_PARTS + " parts.");
            }
        }
        return ApiException.invalid(null, "invalid_multipart", "The multipart/form-data body could not be parsed.");
    }

    /** Every part called {@code name}, in order. */
    List<Part> all(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).toList();
    }

    Optional<Part> first(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * The scalar fields, as the form strings they are: every part except the file parts named,
     * which are marked as known (so {@link Fields#rejectUnknown} does not refuse them).
     */
    Fields fields(Set<String> fileParts) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (Part part : parts) {
            if (!fileParts.contains(part.name())) {
                form.computeIfAbsent(part.name(), k -> new ArrayList<>()).add(part.text());
            }
        }
        Fields fields = new Fields.FormFields(form);
        fields.accept(fileParts.toArray(String[]::new));
        return fields;
    }
}
