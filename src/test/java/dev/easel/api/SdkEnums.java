package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/** Reads the values of an openai-java enum class, so tests cover every value the SDK can send. */
final class SdkEnums {
    private SdkEnums() {}

    /** {@code (field, value)} for each constant of {@code type} (its public static fields of its own type). */
    static List<Arguments> values(String field, Class<?> type) {
        List<Arguments> out = new ArrayList<>();
        for (Field f : type.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == type) {
                try {
                    out.add(Arguments.of(field, type.getMethod("asString").invoke(f.get(null))));
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertThat(out).as("constants of %s", type).isNotEmpty();
        return out;
    }
}
