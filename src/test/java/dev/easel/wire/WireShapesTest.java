package dev.easel.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.json.Wire;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The typed wire objects serialize in OpenAI's key order, with nulls and omissions as OpenAI's. */
class WireShapesTest {
    @Test
    void startedImageCallHasIdTypeStatusAndANullResult() {
        assertThat(Wire.MAPPER.writeValueAsString(OutputItem.ImageGenerationCall.started("ig_1")))
                .isEqualTo("{\"id\":\"ig_1\",\"type\":\"image_generation_call\",\"status\":\"in_progress\","
                        + "\"result\":null}");
    }

    @Test
    void finishedImageCallInOpenAiOrder() {
        var call = new OutputItem.ImageGenerationCall(
                "ig_1",
                ItemStatus.COMPLETED,
                Optional.of("opaque"),
                Optional.of("png"),
                Optional.of("medium"),
                Optional.of("AAAA"),
                Optional.of("a cat"),
                Optional.of("1024x1024"),
                Optional.of("generate"),
                Optional.empty(),
                Optional.empty());
        assertThat(Wire.MAPPER.writeValueAsString(call))
                .isEqualTo("{\"id\":\"ig_1\",\"type\":\"image_generation_call\",\"status\":\"completed\","
                        + "\"background\":\"opaque\",\"output_format\":\"png\",\"quality\":\"medium\","
                        + "\"result\":\"AAAA\",\"revised_prompt\":\"a cat\",\"size\":\"1024x1024\","
                        + "\"action\":\"generate\"}");
    }

    @Test
    void messageWithItsTextPart() {
        assertThat(Wire.MAPPER.writeValueAsString(OutputItem.Message.completed("msg_1", "hi")))
                .isEqualTo(
                        "{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"completed\",\"content\":[{\"type\":"
                                + "\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":\"hi\"}],\"role\":\"assistant\"}");
    }

    @Test
    void eventsOmitTheirTypeWhichTheLogWrites() {
        assertThat(Wire.MAPPER.writeValueAsString(new ResponseEvent.OutputTextDelta(1, "msg_1", 0, "x")))
                .isEqualTo("{\"output_index\":1,\"item_id\":\"msg_1\",\"content_index\":0,\"delta\":\"x\","
                        + "\"logprobs\":[]}");
        assertThat(Wire.MAPPER.writeValueAsString(new ResponseEvent.ImageGenerationCallGenerating(2, "ig_1")))
                .isEqualTo("{\"output_index\":2,\"item_id\":\"ig_1\"}");
    }

    @Test
    void errorEventNestsAndRepeatsTheErrorObject() {
        var error = new ErrorObject("boom", "server_error", Optional.empty(), Optional.of("server_error"));
        assertThat(Wire.MAPPER.writeValueAsString(new ResponseEvent.Error(error)))
                .isEqualTo("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"param\":null,"
                        + "\"code\":\"server_error\"},\"code\":\"server_error\",\"message\":\"boom\",\"param\":null}");
    }

    @Test
    void usageCarriesEveryDetailTheSdksRequire() {
        assertThat(Wire.MAPPER.writeValueAsString(Usage.of(10, 4, 64)))
                .isEqualTo("{\"input_tokens\":10,\"input_tokens_details\":{\"cached_tokens\":4,"
                        + "\"cache_write_tokens\":0},\"output_tokens\":64,\"output_tokens_details\":"
                        + "{\"reasoning_tokens\":0},\"total_tokens\":74}");
    }

    @Test
    void storedItemsReadBackAsTheirRecords() {
        var call = OutputItem.ImageGenerationCall.failed(
                "ig_1", new ErrorObject("no", "invalid_request_error", Optional.of("x"), Optional.of("bad")));
        OutputItem message = OutputItem.Message.completed("msg_1", "hello");
        for (OutputItem item : java.util.List.of(call, message)) {
            assertThat(Wire.MAPPER.readValue(Wire.MAPPER.writeValueAsString(item), OutputItem.class))
                    .isEqualTo(item);
        }
    }

    @Test
    void mcpItemsInOpenAiOrder() {
        var list = new OutputItem.McpListTools(
                "mcpl_1",
                "shop",
                java.util.List.of(new OutputItem.McpToolInfo(
                        "find",
                        Optional.of("Finds a product"),
                        Wire.read("{\"type\":\"object\"}"),
                        Optional.of(Wire.read("{\"readOnlyHint\":true}")))),
                Optional.empty());
        assertThat(Wire.MAPPER.writeValueAsString(list))
                .isEqualTo("{\"id\":\"mcpl_1\",\"type\":\"mcp_list_tools\",\"server_label\":\"shop\",\"tools\":"
                        + "[{\"name\":\"find\",\"description\":\"Finds a product\",\"input_schema\":{\"type\":"
                        + "\"object\"},\"annotations\":{\"readOnlyHint\":true}}]}");
        var call = new OutputItem.McpCall(
                "mcp_1",
                ItemStatus.FAILED,
                Optional.empty(),
                "{\"q\":\"mug\"}",
                Optional.of(new McpToolError.Http(401, "Unauthorized")),
                "find",
                Optional.empty(),
                "shop");
        assertThat(Wire.MAPPER.writeValueAsString(call))
                .isEqualTo("{\"id\":\"mcp_1\",\"type\":\"mcp_call\",\"status\":\"failed\",\"approval_request_id\":"
                        + "null,\"arguments\":\"{\\\"q\\\":\\\"mug\\\"}\",\"error\":{\"type\":\"http_error\",\"code\":401,"
                        + "\"message\":\"Unauthorized\"},\"name\":\"find\",\"output\":null,\"server_label\":\"shop\"}");
        var approval = new OutputItem.McpApprovalRequest("mcpr_1", "{}", "find", "shop");
        assertThat(Wire.MAPPER.writeValueAsString(approval))
                .isEqualTo("{\"id\":\"mcpr_1\",\"type\":\"mcp_approval_request\",\"arguments\":\"{}\",\"name\":"
                        + "\"find\",\"server_label\":\"shop\"}");
        for (OutputItem item : java.util.List.of(list, call, approval)) {
            assertThat(Wire.MAPPER.readValue(Wire.MAPPER.writeValueAsString(item), OutputItem.class))
                    .isEqualTo(item);
        }
    }
}
