package dev.easel.api;

import dev.easel.charts.ChartRenderer;
import dev.easel.charts.ChartSpec;
import dev.easel.charts.ChartSpecException;
import dev.easel.charts.ChartSpecs;
import dev.easel.images.ImageFiles;
import dev.easel.media.OutputFormat;
import dev.easel.media.RgbImage;
import dev.easel.wire.ApiException;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/easel/charts} (an Easel extension): the planner's {@code chart} function for
 * direct use. The body is the chart's arguments plus {@code output_format} and
 * {@code output_compression}; the answer has the Images API's shape ({@code created},
 * {@code data[0].b64_json}, {@code revised_prompt}) with {@code size}, {@code output_format} and
 * {@code easel_chart}, the arguments drawn.
 */
final class ChartsRoutes {
    private final Clock clock;

    private final ImageFiles files;

    ChartsRoutes(Clock clock, ImageFiles files) {
        this.clock = clock;
        this.files = files;
    }

    void create(Context ctx) {
        JsonNode body = Requests.jsonObject(ctx);
        ObjectNode args = ((ObjectNode) body).deepCopy();
        Fields f = new Fields.JsonFields(body);
        OutputFormat format = OutputFormat.parse(
                f.choice("output_format", List.of("png", "jpeg", "webp")).orElse("png"));
        int compression = f.integer("output_compression", 0, 100).orElse(100L).intValue();
        args.remove(List.of("output_format", "output_compression"));
        ChartSpec spec;
        try {
            spec = ChartSpecs.parse(args);
        } catch (ChartSpecException e) {
            throw ApiException.invalid(e.field(), "Invalid chart: " + e.getMessage() + ".");
        }
        RgbImage image = ChartRenderer.render(spec).image();
        String description = ChartSpecs.describe(spec);
        byte[] bytes = files.credentialed(
                ChartSpecs.encode(image, format, compression, description), format, ImageFiles.drawn());
        ObjectNode out = Json.object();
        out.put("created", clock.instant().getEpochSecond());
        ObjectNode data = out.putArray("data").addObject();
        data.put("b64_json", Base64.getEncoder().encodeToString(bytes));
        data.put("revised_prompt", description);
        out.put("output_format", format.apiName());
        out.put("size", image.width() + "x" + image.height());
        out.set("easel_chart", args);
        ctx.contentType("application/json").result(Json.write(out));
    }
}
