package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link SdkEventUnion} on the pinned npm openai package's declarations, and on made-up ones. */
class SdkEventUnionTest {

    @Test
    void responseStreamEventHasTheKnownEventsAndNoResponseCancelled() {
        SdkEventUnion union = SdkEventUnion.responseStreamEvent();

        assertThat(union.name()).isEqualTo("ResponseStreamEvent");
        assertThat(union.members()).hasSizeGreaterThan(40);
        assertThat(union.members().values())
                .as("one type literal per member")
                .allSatisfy(types -> assertThat(types).hasSize(1));
        assertThat(union.types())
                .as("distinct literals")
                .hasSize(union.members().size());
        assertThat(union.members())
                .containsEntry("ResponseCompletedEvent", Set.of("response.completed"))
                .containsEntry("ResponseErrorEvent", Set.of("error"))
                .containsEntry(
                        "ResponseImageGenCallPartialImageEvent",
                        Set.of("response.image_generation_call.partial_image"));
        assertThat(union.types())
                .contains(
                        "response.created",
                        "response.queued",
                        "response.in_progress",
                        "response.completed",
                        "response.incomplete",
                        "response.failed",
                        "error",
                        "response.output_item.added",
                        "response.output_item.done",
                        "response.content_part.added",
                        "response.content_part.done",
                        "response.output_text.delta",
                        "response.output_text.done",
                        "response.image_generation_call.in_progress",
                        "response.image_generation_call.generating",
                        "response.image_generation_call.partial_image",
                        "response.image_generation_call.completed")
                .doesNotContain("response.cancelled")
                .allSatisfy(type -> assertThat(type).matches("error|keepalive|response\\.[a-z_.]+"));
    }

    @Test
    void imageStreamUnionsAreThePartialAndCompletedEvents() {
        assertThat(SdkEventUnion.imageGenStreamEvent().members())
                .containsExactly(
                        Map.entry("ImageGenPartialImageEvent", Set.of("image_generation.partial_image")),
                        Map.entry("ImageGenCompletedEvent", Set.of("image_generation.completed")));
        assertThat(SdkEventUnion.imageEditStreamEvent().types())
                .containsExactly("image_edit.completed", "image_edit.partial_image");
    }

    private static final String DECLARATIONS = """
            import * as API from "./api.js";
            /** A comment with { braces and type: 'comment.type'; } */
            export type Events =
              | API.First // type: 'line.comment'
              | Second
              | Third
              | Grouped;
            export interface First {
                /** type: 'doc.comment' */
                data: { type: 'nested.object'; value: string };
                items: Array<{ type: 'nested.generic' }>;
                text: 'has // no comment and { a brace';
                type: 'first.event';
                sequence_number: number;
            }
            export interface Base {
                readonly type: 'base.a' | "base.b";
            }
            export interface Second extends Base, Other<string> {
                extra?: string;
            }
            export declare type Third = {
                callback: (x: number) => void;
                type?: 'third.event';
            };
            export type Grouped = Fourth | Fifth;
            export interface Fourth { type: 'fourth.event' }
            export interface Fifth {
                type:
                  | 'fifth.a'
                  | 'fifth.b';
                after: 'not.a.type';
            }
            export interface Other<T> { type: 'other.event'; value: T }
            """;

    @Test
    void readsMembersPastCommentsNestingParentsAndAliases() {
        SdkEventUnion union = SdkEventUnion.parse(DECLARATIONS, "Events", "test.d.ts");

        assertThat(union.members())
                .containsExactly(
                        Map.entry("First", Set.of("first.event")),
                        Map.entry("Second", Set.of("base.a", "base.b", "other.event")),
                        Map.entry("Third", Set.of("third.event")),
                        Map.entry("Grouped", Set.of("fourth.event", "fifth.a", "fifth.b")));
        assertThat(List.copyOf(union.types()))
                .containsExactly(
                        "base.a",
                        "base.b",
                        "fifth.a",
                        "fifth.b",
                        "first.event",
                        "fourth.event",
                        "other.event",
                        "third.event");
    }

    @Test
    void aMissingUnionMemberOrTypeIsAnError() {
        assertThatThrownBy(() -> SdkEventUnion.parse(DECLARATIONS, "Nope", "test.d.ts"))
                .hasMessageContaining("test.d.ts: no 'export type Nope");
        assertThatThrownBy(
                        () -> SdkEventUnion.parse("export type U = A | B;\nexport interface A { type: 'a' }", "U", "x"))
                .hasMessageContaining("no declaration of B");
        assertThatThrownBy(() -> SdkEventUnion.parse("export type U = A;\nexport interface A { kind: 'a' }", "U", "x"))
                .hasMessageContaining("interface A has no 'type' literal");
    }
}
