package dev.easel.responses;

import dev.easel.wire.ContentPart;
import dev.easel.wire.OutputItem;
import java.util.List;

/** One element of a request's {@code input}, as the turn uses it (the stored JSON keeps the wire form). */
public sealed interface InputItem {

    /** A message; {@code role} is user, assistant, system or developer. */
    record Message(String role, List<ContentPart> content) implements InputItem {
        public Message {
            content = List.copyOf(content);
        }

        String text() {
            StringBuilder s = new StringBuilder();
            for (ContentPart part : content) {
                if (part instanceof ContentPart.Text t) {
                    s.append(s.isEmpty() ? "" : "\n").append(t.text());
                }
            }
            return s.toString();
        }
    }

    /** {@code {"type":"image_generation_call","id":"ig_…"}}, resolved from storage, or with its own {@code result}. */
    record ImageCall(String id, java.util.Optional<String> resultBase64) implements InputItem {}

    /** {@code {"type":"item_reference","id":…}}: an earlier item, resolved from storage. */
    record ItemReference(String id) implements InputItem {}

    /**
     * An MCP item passed back by hand (or stored with an earlier input): {@code mcp_list_tools},
     * {@code mcp_call} or {@code mcp_approval_request}, in its output form.
     */
    record Mcp(OutputItem item) implements InputItem {}

    /** {@code mcp_approval_response}: the client's answer to an {@code mcp_approval_request}. */
    record McpApprovalResponse(String approvalRequestId, boolean approve, java.util.Optional<String> reason)
            implements InputItem {}

    /** Any other item (round-tripped tool items, reasoning): kept in the conversation, not acted on. */
    record Other(String type) implements InputItem {}
}
