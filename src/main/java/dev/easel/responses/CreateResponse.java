package dev.easel.responses;

import dev.easel.wire.ImageTool;
import dev.easel.wire.ToolChoice;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated {@code POST /v1/responses}.
 *
 * @param model the request's model name (echoed); {@code planner} decides who plans
 * @param storedInput the input items in wire form, each with its assigned id (for input_items)
 * @param imageTool the image_generation tool when the request offers it
 * @param echo the request's other fields, defaults filled in, echoed in the Response object
 *     (metadata, user, temperature, top_p, text, reasoning, …)
 */
public record CreateResponse(
        String model,
        List<InputItem> input,
        ArrayNode storedInput,
        Optional<String> instructions,
        Optional<ImageTool> imageTool,
        ToolChoice toolChoice,
        boolean stream,
        boolean store,
        boolean background,
        Optional<String> previousResponseId,
        ObjectNode echo) {

    public CreateResponse {
        input = List.copyOf(input);
        if (background && !store) {
            throw new IllegalArgumentException("background responses must be stored");
        }
    }
}
