package dev.easel.api;

import dev.easel.wire.ApiException;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Typed, validated access to a request's scalar fields, whether they came as JSON or as
 * multipart form parts (where every value is a string: "true", "2"). Every mistake becomes an
 * {@link ApiException} naming the field. Remembers which fields were read so that
 * {@link #rejectUnknown} can refuse the rest.
 */
abstract sealed class Fields permits Fields.JsonFields, Fields.FormFields {
    private final Set<String> read = new HashSet<>();

    /** The raw value: a JSON node (textual for form parts), or empty when absent or null. */
    abstract Optional<JsonNode> raw(String name);

    abstract Set<String> names();

    /** True when the value came from a form, where numbers and booleans are strings. */
    abstract boolean stringly();

    final Optional<String> string(String name) {
        read.add(name);
        return raw(name).map(v -> {
            if (!v.isString()) {
                throw ApiException.invalid(name, "invalid_type", "Invalid type for '" + name + "': expected a string.");
            }
            return v.asString();
        });
    }

    final String requiredString(String name) {
        return string(name).orElseThrow(() -> ApiException.missing(name));
    }

    final Optional<Long> integer(String name, long min, long max) {
        read.add(name);
        return raw(name).map(v -> {
            BigInteger exact;
            if (v.isIntegralNumber()) {
                exact = v.bigIntegerValue();
            } else if (stringly() && v.isString() && v.asString().trim().matches("-?\\d{1,4000}")) {
                exact = new BigInteger(v.asString().trim());
            } else {
                throw ApiException.invalid(
                        name, "invalid_type", "Invalid type for '" + name + "': expected an integer.");
            }
            // Past a long (beyond 2^63 - 1) is still an integer: out of range, not of the wrong type.
            if (exact.bitLength() > 63) {
                throw outOfRange(name, exact.toString(), min, max);
            }
            long value = exact.longValue();
            if (value < min || value > max) {
                throw outOfRange(name, Long.toString(value), min, max);
            }
            return value;
        });
    }

    private static ApiException outOfRange(String name, String value, long min, long max) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "... (" + value.length() + " digits)" : value;
        return ApiException.invalid(
                name, "Invalid '" + name + "': " + shown + " is out of range; expected " + min + " to " + max + ".");
    }

    final Optional<Double> number(String name, double min, double max) {
        read.add(name);
        return raw(name).map(v -> {
            double value;
            if (v.isNumber()) {
                value = v.asDouble();
            } else if (stringly() && v.isString()) {
                try {
                    value = Double.parseDouble(v.asString().trim());
                } catch (NumberFormatException e) {
                    throw ApiException.invalid(
                            name, "invalid_type", "Invalid type for '" + name + "': expected a number.");
                }
            } else {
                throw ApiException.invalid(name, "invalid_type", "Invalid type for '" + name + "': expected a number.");
            }
            if (!(value >= min && value <= max)) {
                throw ApiException.invalid(
                        name,
                        "Invalid '" + name + "': " + value + " is out of range; expected " + min + " to " + max + ".");
            }
            return value;
        });
    }

    final Optional<Boolean> bool(String name) {
        read.add(name);
        return raw(name).map(v -> {
            if (v.isBoolean()) {
                return v.asBoolean();
            }
            if (stringly()
                    && v.isString()
                    && (v.asString().equals("true") || v.asString().equals("false"))) {
                return Boolean.parseBoolean(v.asString());
            }
            throw ApiException.invalid(name, "invalid_type", "Invalid type for '" + name + "': expected a boolean.");
        });
    }

    /** A JSON object (never from a form, where every value is a string). */
    final Optional<JsonNode> object(String name) {
        read.add(name);
        return raw(name).map(v -> {
            if (!v.isObject()) {
                throw ApiException.invalid(
                        name, "invalid_type", "Invalid type for '" + name + "': expected an object.");
            }
            return v;
        });
    }

    /** One of {@code allowed}; the error lists them as OpenAI's messages do. */
    final Optional<String> choice(String name, List<String> allowed) {
        return string(name).map(v -> {
            if (!allowed.contains(v)) {
                throw ApiException.invalid(
                        name,
                        "Invalid value: '" + v + "'. Supported values are: "
                                + String.join(
                                        ", ",
                                        allowed.stream().map(a -> "'" + a + "'").toList()) + ".");
            }
            return v;
        });
    }

    /** Marks fields as known without reading them (parts handled elsewhere, e.g. files). */
    final void accept(String... names) {
        read.addAll(List.of(names));
    }

    final void rejectUnknown() {
        for (String name : names()) {
            if (!read.contains(name)) {
                throw ApiException.unknownParameter(name);
            }
        }
    }

    static final class JsonFields extends Fields {
        private final JsonNode body;

        JsonFields(JsonNode body) {
            this.body = body;
        }

        @Override
        Optional<JsonNode> raw(String name) {
            JsonNode v = body.get(name);
            return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
        }

        @Override
        Set<String> names() {
            return new java.util.LinkedHashSet<>(body.propertyNames());
        }

        @Override
        boolean stringly() {
            return false;
        }
    }

    static final class FormFields extends Fields {
        private final Map<String, List<String>> form;

        FormFields(Map<String, List<String>> form) {
            this.form = form;
        }

        @Override
        Optional<JsonNode> raw(String name) {
            List<String> values = form.get(name);
            if (values == null || values.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(tools.jackson.databind.node.StringNode.valueOf(values.getFirst()));
        }

        @Override
        Set<String> names() {
            return form.keySet();
        }

        @Override
        boolean stringly() {
            return true;
        }
    }
}
