package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.wire.ImageStreamEvent;
import dev.easel.wire.ResponseEvent;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every kind of Responses event Easel can emit (every record of the sealed {@link ResponseEvent}
 * family) is a member of the official SDK's {@code ResponseStreamEvent} union, read from the
 * pinned npm package's type declarations: a new kind that clients do not know cannot slip out.
 */
class EventVocabularyTest {
    @Test
    void everyResponseEventEaselEmitsIsInTheSdksUnion() throws Exception {
        Set<String> emitted = new TreeSet<>();
        for (Class<?> kind : records(ResponseEvent.class)) {
            emitted.add(((ResponseEvent) blank(kind)).type());
        }
        assertThat(emitted).hasSizeGreaterThanOrEqualTo(17).contains("response.incomplete", "error");
        assertThat(SdkEventUnion.responseStreamEvent().types()).containsAll(emitted);
    }

    @Test
    void everyImagesApiStreamEventIsInTheSdksUnions() throws Exception {
        Set<String> emitted = new TreeSet<>();
        for (Class<?> kind : records(ImageStreamEvent.class)) {
            emitted.add(((ImageStreamEvent) blank(kind)).type());
        }
        assertThat(emitted)
                .containsExactly(
                        "image_edit.completed",
                        "image_edit.partial_image",
                        "image_generation.completed",
                        "image_generation.partial_image");
        Set<String> sdk = new TreeSet<>(SdkEventUnion.imageGenStreamEvent().types());
        sdk.addAll(SdkEventUnion.imageEditStreamEvent().types());
        assertThat(sdk).containsAll(emitted);
    }

    @Test
    void theCheckSeesAnEventTheSdkDoesNotKnow() {
        assertThat(SdkEventUnion.responseStreamEvent().types()).doesNotContain("response.cancelled");
    }

    /** The records of a sealed family, through nested sealed interfaces. */
    private static List<Class<?>> records(Class<?> sealed) {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> sub : sealed.getPermittedSubclasses()) {
            if (sub.isRecord()) {
                out.add(sub);
            } else {
                out.addAll(records(sub));
            }
        }
        return out;
    }

    /** An instance with zero and null components: enough to ask a record its constant {@code type()}. */
    private static Object blank(Class<?> record) throws ReflectiveOperationException {
        RecordComponent[] components = record.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = types[i] == int.class
                    ? (Object) 0
                    : types[i] == long.class ? (Object) 0L : types[i] == boolean.class ? (Object) false : null;
        }
        Constructor<?> canonical = record.getDeclaredConstructor(types);
        return canonical.newInstance(args);
    }
}
