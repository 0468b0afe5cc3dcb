package dev.easel.responses;

import dev.easel.json.Wire;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** An item of {@code response.output}, rendered in OpenAI's key order. */
public sealed interface OutputItem {
    String id();

    String type();

    ObjectNode toJson();

    /**
     * An {@code image_generation_call}. {@code result} is absent until the image exists (and is
     * omitted, not null, in {@code output_item.added}, as OpenAI does).
     */
    record ImageCall(
            String id,
            String status,
            String background,
            String outputFormat,
            String quality,
            Optional<String> result,
            String revisedPrompt,
            String size,
            String action)
            implements OutputItem {

        @Override
        public String type() {
            return "image_generation_call";
        }

        /** The item as {@code output_item.added} shows it. */
        static ObjectNode added(String id) {
            ObjectNode o = Wire.object();
            o.put("id", id);
            o.put("type", "image_generation_call");
            o.put("status", "in_progress");
            return o;
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = Wire.object();
            o.put("id", id);
            o.put("type", type());
            o.put("status", status);
            o.put("background", background);
            o.put("output_format", outputFormat);
            o.put("quality", quality);
            if (result.isPresent()) {
                o.put("result", result.get());
            } else {
                o.putNull("result");
            }
            o.put("revised_prompt", revisedPrompt);
            o.put("size", size);
            o.put("action", action);
            return o;
        }
    }

    /** An assistant {@code message} with one {@code output_text} part. */
    record Message(String id, String status, String text) implements OutputItem {
        @Override
        public String type() {
            return "message";
        }

        static ObjectNode added(String id) {
            ObjectNode o = Wire.object();
            o.put("id", id);
            o.put("type", "message");
            o.put("status", "in_progress");
            o.putArray("content");
            o.put("role", "assistant");
            return o;
        }

        static ObjectNode part(String text) {
            ObjectNode p = Wire.object();
            p.put("type", "output_text");
            p.putArray("annotations");
            p.putArray("logprobs");
            p.put("text", text);
            return p;
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = Wire.object();
            o.put("id", id);
            o.put("type", type());
            o.put("status", status);
            o.putArray("content").add(part(text));
            o.put("role", "assistant");
            return o;
        }
    }
}
