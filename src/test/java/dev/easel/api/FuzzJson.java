package dev.easel.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Malformed JSON for the fuzz test: bodies for each JSON route built from a valid one and then
 * broken, a field at a time (a wrong type, a number past 2^63, deep nesting, NUL) or as text
 * (cut short, a stray byte). Bodies stay cheap to serve when they happen to be valid: 64x64
 * images at low quality, no planner runs beyond the direct one.
 */
final class FuzzJson {
    private FuzzJson() {}

    /** Values that a field must refuse (or, for a few, may accept), as JSON text. */
    static String badValue(Random r) {
        return switch (r.nextInt(30)) {
            case 0 -> "9223372036854775808";
            case 1 -> "-9223372036854775809";
            case 2 -> "18446744073709551616";
            case 3 -> "1" + "0".repeat(20 + r.nextInt(400));
            case 4 -> "1e400";
            case 5 -> "-1e400";
            case 6 -> "0.5";
            case 7 -> "-1";
            case 8 -> "2147483648";
            case 9 -> "true";
            case 10 -> "null";
            case 11 -> "[]";
            case 12 -> "{}";
            case 13 -> "\"\"";
            case 14 -> "\"" + "x".repeat(10_000 + r.nextInt(30_000)) + "\"";
            case 15 -> "\"a\\u0000b\"";
            case 16 -> "\"\\ud800\"";
            case 17 -> deepArray(1 + r.nextInt(600));
            case 18 -> deepObject(1 + r.nextInt(600));
            case 19 -> "[1,2,3]";
            case 20 -> "{\"type\":\"" + word(r) + "\"}";
            case 21 -> "\"" + word(r) + "\"";
            case 22 -> "1" + "0".repeat(1000 + r.nextInt(2000));
            case 23 -> "1e2";
            case 24 -> "-0";
            case 25 -> "[" + "{}".repeat(1) + ",null,\"x\",[[]]]";
            case 26 -> "12345678901234567890.5e3";
            case 27 -> "\"" + "\\\"".repeat(50) + "\"";
            case 28 -> deepArray(5_000 + r.nextInt(50_000));
            default -> "0";
        };
    }

    static String deepArray(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    static String deepObject(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    static String word(Random r) {
        return List.of("auto", "text", "image_generation", "mcp", "function", "web_search", "x", "\\u0000", "message")
                .get(r.nextInt(9));
    }

    /**
     * A body for {@code path}, valid to begin with, with one to three mutations. {@code responseId}
     * is a stored response the body may refer to (previous_response_id).
     */
    static byte[] body(String path, Random r, FuzzRequests.Known known) {
        Map<String, String> fields = base(path, r, known);
        int mutations = 1 + r.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            List<String> names = List.copyOf(fields.keySet());
            switch (r.nextInt(6)) {
                case 0, 1, 2 -> {
                    if (!names.isEmpty()) {
                        fields.put(names.get(r.nextInt(names.size())), badValue(r));
                    }
                }
                case 3 -> fields.put(unknownField(r), badValue(r));
                case 4 -> fields.put(fieldOf(path, r), badValue(r));
                default -> {
                    if (!names.isEmpty()) {
                        fields.put(names.get(r.nextInt(names.size())), nestedBad(path, r, known));
                    }
                }
            }
        }
        String text = object(fields);
        return switch (r.nextInt(12)) {
            case 0 -> bytes(text.substring(0, r.nextInt(Math.max(1, text.length()))));
            case 1 -> strayByte(bytes(text), r);
            case 2 ->
                bytes(List.of("[]", "1", "\"x\"", "null", "", " ", "{", "}", "\uFEFF{}", "{}{}", "NaN")
                        .get(r.nextInt(11)));
            case 3 -> bytes(text + List.of("}", "]", ",", "x", "{}").get(r.nextInt(5)));
            case 4 -> bytes(deepObject(400 + r.nextInt(800)));
            default -> bytes(text);
        };
    }

    private static String unknownField(Random r) {
        return List.of("colour", "", "\\u0000", "a".repeat(5000), "__proto__", "size ", "MODEL")
                .get(r.nextInt(7));
    }

    /** A field the route knows, maybe not in its base body. */
    private static String fieldOf(String path, Random r) {
        List<String> known = switch (path) {
            case "/v1/images/edits" ->
                List.of("images", "mask", "n", "input_fidelity", "stream", "partial_images", "background");
            case "/v1/images/generations" ->
                List.of(
                        "n",
                        "output_compression",
                        "partial_images",
                        "seed",
                        "steps",
                        "stream",
                        "user",
                        "response_format",
                        "background",
                        "moderation",
                        "style",
                        "input_fidelity");
            case "/v1/responses" ->
                List.of(
                        "text",
                        "tools",
                        "tool_choice",
                        "input",
                        "max_tool_calls",
                        "metadata",
                        "temperature",
                        "top_p",
                        "max_output_tokens",
                        "reasoning",
                        "include",
                        "previous_response_id",
                        "store",
                        "background",
                        "stream",
                        "instructions",
                        "truncation",
                        "top_logprobs");
            case "/v1/easel/charts" ->
                List.of("series", "width", "height", "kind", "title", "output_compression", "output_format");
            default -> List.of("jsonrpc", "id", "method", "params");
        };
        return known.get(r.nextInt(known.size()));
    }

    /** A bad value one level down: in a tool, an input part, the text format, a chart point. */
    private static String nestedBad(String path, Random r, FuzzRequests.Known known) {
        String v = r.nextBoolean() ? badValue(r) : imageRef(r, known);
        return switch (path) {
            case "/v1/responses" ->
                switch (r.nextInt(5)) {
                    case 0 ->
                        "[{\"type\":\"image_generation\",\"size\":\"64x64\",\"quality\":\"low\",\""
                                + List.of("n", "partial_images", "output_compression", "size", "model", "mask")
                                        .get(r.nextInt(6))
                                + "\":" + v + "}]";
                    case 1 ->
                        "[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\""
                                + (r.nextBoolean() ? "image_url" : "file_id") + "\":" + v + "}]}]";
                    case 2 -> "{\"format\":" + v + ",\"verbosity\":" + v + "}";
                    case 3 -> "[{\"type\":\"mcp\",\"server_label\":" + v + ",\"server_url\":\"http://127.0.0.1:1/\"}]";
                    default -> "[{\"role\":" + v + ",\"content\":" + v + "}]";
                };
            case "/v1/easel/charts" -> "[{\"name\":\"s\",\"points\":[{\"label\":\"a\",\"value\":" + v + "}]}]";
            case "/v1/images/edits" ->
                switch (r.nextInt(3)) {
                    case 0 -> "[{\"image_url\":" + v + "}]";
                    case 1 -> "[{\"file_id\":" + v + "}]";
                    default -> "{\"image_url\":" + v + "}";
                };
            default -> "{\"name\":" + v + ",\"arguments\":{\"prompt\":" + v + ",\"size\":\"64x64\"}}";
        };
    }

    /** An image reference, as JSON text: the stored file, a data URL (good or broken), junk. */
    private static String imageRef(Random r, FuzzRequests.Known known) {
        return switch (r.nextInt(8)) {
            case 0 -> "\"" + known.fileId() + "\"";
            case 1 -> "\"" + dataUrl(known.png()) + "\"";
            case 2 -> "\"data:image/png;base64,!!!not base64\"";
            case 3 -> "\"data:,\"";
            case 4 -> "\"http://127.0.0.1:1/a.png\"";
            case 5 -> "\"file:///etc/passwd\"";
            case 6 ->
                "\"data:image/png;base64,"
                        + java.util.Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'}) + "\"";
            default -> "\"file-" + "0".repeat(24) + "\"";
        };
    }

    private static String dataUrl(byte[] png) {
        return "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(png);
    }

    private static Map<String, String> base(String path, Random r, FuzzRequests.Known known) {
        String responseId = known.responseId();
        Map<String, String> f = new LinkedHashMap<>();
        switch (path) {
            case "/v1/images/edits" -> {
                f.put("images", "[{\"image_url\":\"" + dataUrl(known.png()) + "\"}]");
                f.put("prompt", "\"a door\"");
                f.put("size", "\"64x64\"");
                f.put("quality", "\"low\"");
            }
            case "/v1/images/generations" -> {
                f.put("model", "\"gpt-image-1\"");
                f.put("prompt", "\"a cat\"");
                f.put("size", "\"64x64\"");
                f.put("quality", "\"low\"");
                f.put("n", "1");
                if (r.nextBoolean()) {
                    f.put("stream", "true");
                    f.put("partial_images", "1");
                }
            }
            case "/v1/responses" -> {
                f.put("model", "\"gpt-4.1\"");
                f.put("input", r.nextBoolean() ? "\"hello\"" : "[{\"role\":\"user\",\"content\":\"hi\"}]");
                switch (r.nextInt(5)) {
                    case 0 ->
                        f.put("tools", "[{\"type\":\"image_generation\",\"size\":\"64x64\",\"quality\":\"low\"}]");
                    case 1 -> f.put("previous_response_id", "\"" + responseId + "\"");
                    case 2 -> f.put("text", "{\"format\":{\"type\":\"text\"}}");
                    default -> {}
                }
                switch (r.nextInt(4)) {
                    case 0 -> f.put("stream", "true");
                    case 1 -> f.put("background", "true");
                    case 2 -> {
                        f.put("background", "true");
                        f.put("stream", "true");
                    }
                    default -> {}
                }
            }
            case "/v1/easel/charts" -> {
                f.put("kind", "\"bar\"");
                f.put("width", "64");
                f.put("height", "64");
                f.put("series", "[{\"name\":\"s\",\"points\":[{\"label\":\"a\",\"value\":1}]}]");
            }
            default -> {
                f.put("jsonrpc", "\"2.0\"");
                f.put("id", "1");
                f.put("method", r.nextBoolean() ? "\"initialize\"" : "\"tools/call\"");
                f.put("params", "{\"name\":\"generate_image\",\"arguments\":{\"prompt\":\"x\",\"size\":\"64x64\"}}");
            }
        }
        return f;
    }

    static String object(Map<String, String> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(k).append("\":").append(v);
        });
        return out.append('}').toString();
    }

    private static byte[] strayByte(byte[] body, Random r) {
        if (body.length == 0) {
            return new byte[] {0};
        }
        byte[] out = body.clone();
        int[] stray = {0, 0xFF, 0xC0, '"', '\\', '\n', 0x7F};
        out[r.nextInt(out.length)] = (byte) stray[r.nextInt(stray.length)];
        return out;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
