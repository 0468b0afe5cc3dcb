package dev.easel.tools;

import dev.easel.charts.ChartRenderer;
import dev.easel.charts.ChartSpec;
import dev.easel.charts.ChartSpecException;
import dev.easel.charts.ChartSpecs;
import dev.easel.images.ImageFiles;
import dev.easel.json.Wire;
import dev.easel.media.OutputFormat;
import dev.easel.media.RgbImage;
import dev.easel.tools.planner.FunctionSpec;
import dev.easel.tools.planner.ToolCall;
import dev.easel.wire.ImageTool;
import dev.easel.wire.ItemStatus;
import dev.easel.wire.OutputItem;
import dev.easel.wire.ResponseEvent;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The {@code chart} function, offered with the image_generation tool: a diffusion model cannot draw
 * correct numbers, so a chart of data (prices from a web search, rows from an MCP server) is drawn
 * exactly ({@link ChartRenderer}) and returned as an {@code image_generation_call} item (every
 * OpenAI client shows it) in the image tool's output format, its {@code revised_prompt} describing
 * the chart and the Easel extension {@code easel_chart} holding the arguments it was drawn from.
 */
public final class ChartTool implements Tool {
    public static final String FUNCTION_NAME = "chart";

    private static final FunctionSpec FUNCTION = new FunctionSpec(
            FUNCTION_NAME,
            "Draws an exact chart (bar, line, area, pie or candlestick) of numbers you have, with title, axis labels,"
                    + " unit and a source line. Use it instead of image_generation whenever numbers or a chart must be"
                    + " correct; cite where the numbers came from in 'source'.",
            ChartSpecs.JSON_SCHEMA);

    private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile("(\\d{1,5})x(\\d{1,5})");

    private final ImageTool image;
    private final ImageFiles files;

    /**
     * @param image the request's image_generation tool, whose output format and compression the chart uses
     * @param files what adds the content credentials (a chart is algorithmic media, not generated)
     */
    public ChartTool(ImageTool image, ImageFiles files) {
        this.image = image;
        this.files = files;
    }

    /**
     * The arguments with the image tool's size (within the chart limits) where they give none, so
     * a chart comes at the size the request asked its images to be; unchanged otherwise.
     */
    private JsonNode sized(JsonNode args) {
        java.util.regex.Matcher size = SIZE.matcher(image.size());
        if (!(args instanceof tools.jackson.databind.node.ObjectNode object)
                || !size.matches()
                || object.has("width")
                || object.has("height")) {
            return args;
        }
        tools.jackson.databind.node.ObjectNode copy = object.deepCopy();
        copy.put("width", clamp(Integer.parseInt(size.group(1))));
        copy.put("height", clamp(Integer.parseInt(size.group(2))));
        return copy;
    }

    private static int clamp(int pixels) {
        return Math.clamp(pixels, dev.easel.charts.ChartSpec.MIN_SIZE, dev.easel.charts.ChartSpec.MAX_SIZE);
    }

    @Override
    public java.util.List<FunctionSpec> functions() {
        return java.util.List.of(FUNCTION);
    }

    @Override
    public ToolResult call(ToolCall call, TurnContext turn) {
        JsonNode args;
        ChartSpec spec;
        try {
            args = sized(Wire.MAPPER.readTree(call.argumentsJson().isBlank() ? "{}" : call.argumentsJson()));
            spec = ChartSpecs.parse(args);
        } catch (tools.jackson.core.JacksonException e) {
            return ToolResult.text("error: the chart arguments are not JSON");
        } catch (ChartSpecException e) {
            return ToolResult.text("error: chart " + e.getMessage() + "; fix the arguments and call chart again");
        }
        String id = turn.ids().imageCall();
        TurnSink sink = turn.sink();
        int index = sink.nextOutputIndex();
        sink.emit(new ResponseEvent.OutputItemAdded(index, OutputItem.ImageGenerationCall.started(id)));
        sink.emit(new ResponseEvent.ImageGenerationCallInProgress(index, id));
        sink.emit(new ResponseEvent.ImageGenerationCallGenerating(index, id));
        RgbImage picture = ChartRenderer.render(spec).image();
        OutputFormat format = ImageGenerationTool.outputFormat(image);
        String description = ChartSpecs.describe(spec);
        byte[] bytes = files.credentialed(
                ChartSpecs.encode(picture, format, image.outputCompression(), description), format, ImageFiles.drawn());
        String size = picture.width() + "x" + picture.height();
        var item = new OutputItem.ImageGenerationCall(
                id,
                ItemStatus.COMPLETED,
                Optional.of("opaque"),
                Optional.of(format.apiName()),
                Optional.of("high"),
                Optional.of(Base64.getEncoder().encodeToString(bytes)),
                Optional.of(description),
                Optional.of(size),
                Optional.of("generate"),
                Optional.empty(),
                Optional.of(args));
        sink.emit(new ResponseEvent.ImageGenerationCallCompleted(index, id));
        sink.emit(new ResponseEvent.OutputItemDone(index, item));
        sink.output(item);
        return new ToolResult(
                "The chart was drawn (" + id + ", " + size + ") and is shown to the user. Do not repeat it.",
                0,
                0,
                ImageFiles.imageTokens(picture.width(), picture.height()));
    }
}
