package dev.easel.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An event union of the pinned npm {@code openai} package, read from its TypeScript declarations:
 * {@code export type ResponseStreamEvent = A | B | ...;} and, for each member, the string literal(s)
 * of its own {@code type} property ({@code export interface A { ... type: 'response.created'; }}).
 * Comments, nested object types and string contents are skipped; a member declared with
 * {@code extends} and no {@code type} of its own takes its parents'; a member that is itself a union
 * alias is expanded. A member that cannot be found, or that has no {@code type} literal, is an error:
 * the declarations changed shape and the reader must follow.
 *
 * @param name the union's name, e.g. {@code ResponseStreamEvent}
 * @param members each member's name, in declaration order, with its {@code type} literals
 */
record SdkEventUnion(String name, Map<String, Set<String>> members) {
    static final String OPENAI = "openai";
    static final String RESPONSES_DTS = "resources/responses/responses.d.ts";
    static final String IMAGES_DTS = "resources/images.d.ts";

    SdkEventUnion {
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    /** Every event {@code type} string of the union, sorted. */
    Set<String> types() {
        Set<String> all = new TreeSet<>();
        members.values().forEach(all::addAll);
        return Collections.unmodifiableSet(all);
    }

    /** {@code ResponseStreamEvent}: the Responses API stream's events. */
    static SdkEventUnion responseStreamEvent() {
        return read(declarations(RESPONSES_DTS), "ResponseStreamEvent");
    }

    /** {@code ImageGenStreamEvent}: {@code POST /v1/images/generations} with {@code stream: true}. */
    static SdkEventUnion imageGenStreamEvent() {
        return read(declarations(IMAGES_DTS), "ImageGenStreamEvent");
    }

    /** {@code ImageEditStreamEvent}: {@code POST /v1/images/edits} with {@code stream: true}. */
    static SdkEventUnion imageEditStreamEvent() {
        return read(declarations(IMAGES_DTS), "ImageEditStreamEvent");
    }

    /** A declaration file of the installed npm openai package, checked to be the pinned version. */
    static Path declarations(String relative) {
        Path file = NodePeer.requirePackage(OPENAI).resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("npm openai@" + NodePeer.installedVersion(OPENAI) + " has no " + relative + " ("
                    + file + "): its declarations moved; update SdkEventUnion");
        }
        return file;
    }

    static SdkEventUnion read(Path declarations, String union) {
        try {
            return parse(Files.readString(declarations), union, declarations.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code union} from declaration text; {@code origin} names it in errors. */
    static SdkEventUnion parse(String source, String union, String origin) {
        Declarations d = new Declarations(stripComments(source), origin);
        Map<String, Set<String>> members = new LinkedHashMap<>();
        for (String member : d.unionMembers(union)) {
            members.put(member, d.typeLiterals(member, 0));
        }
        if (members.isEmpty()) {
            throw new IllegalStateException(origin + ": union " + union + " has no members");
        }
        return new SdkEventUnion(union, members);
    }

    /** The source with block and line comments blanked out (string literals kept, offsets unchanged). */
    static String stripComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = stringEnd(source, i);
                out.append(source, i, end);
                i = end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
                blank(out, source, i, end);
                i = end;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                end = end < 0 ? source.length() : end;
                blank(out, source, i, end);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static void blank(StringBuilder out, String source, int from, int to) {
        for (int k = from; k < to; k++) {
            out.append(source.charAt(k) == '\n' ? '\n' : ' ');
        }
    }

    /** The index just past the string literal that opens at {@code start}. */
    private static int stringEnd(String s, int start) {
        char quote = s.charAt(start);
        int i = start + 1;
        while (i < s.length() && s.charAt(i) != quote) {
            i += s.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, s.length());
    }

    /** Declarations of one file, without comments. */
    private record Declarations(String text, String origin) {
        private static final Pattern IDENT = Pattern.compile("[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*");
        private static final Pattern LITERAL = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'|\"((?:[^\"\\\\]|\\\\.)*)\"");
        private static final int MAX_DEPTH = 8;

        /** The members of {@code export type union = A | B ...;}, qualified names reduced to their last part. */
        List<String> unionMembers(String union) {
            String body = typeAlias(union);
            if (body == null) {
                throw new IllegalStateException(origin + ": no 'export type " + union + " = ...;'");
            }
            List<String> members = new ArrayList<>();
            for (String part : splitTopLevel(body, '|')) {
                String member = part.strip();
                if (member.isEmpty()) {
                    continue; // a leading '|'
                }
                if (!IDENT.matcher(member).matches()) {
                    throw new IllegalStateException(
                            origin + ": member '" + member + "' of " + union + " is not a type name");
                }
                members.add(member.substring(member.lastIndexOf('.') + 1));
            }
            return members;
        }

        /** The literals of {@code name}'s own {@code type} property (or its parents', or its alias members'). */
        Set<String> typeLiterals(String name, int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalStateException(origin + ": " + name + " nests too deeply");
            }
            Matcher m = Pattern.compile("\\bexport\\s+(?:declare\\s+)?interface\\s+" + Pattern.quote(name)
                            + "\\b\\s*(?:<[^{]*>)?\\s*(extends\\s+[^{]*)?\\{")
                    .matcher(text);
            if (m.find()) {
                int open = m.end() - 1;
                String body = text.substring(open + 1, matching(open));
                Set<String> literals = ownType(body);
                if (literals.isEmpty() && m.group(1) != null) {
                    for (String parent : splitTopLevel(m.group(1).substring("extends".length()), ',')) {
                        literals.addAll(typeLiterals(
                                parent.strip().replaceAll("<.*", "").replaceAll(".*\\.", ""), depth + 1));
                    }
                }
                if (literals.isEmpty()) {
                    throw new IllegalStateException(origin + ": interface " + name + " has no 'type' literal");
                }
                return literals;
            }
            int start = aliasStart(name);
            if (start < 0) {
                throw new IllegalStateException(origin + ": no declaration of " + name);
            }
            String alias = text.substring(start, topLevelEnd(start, ';'));
            if (alias.strip().startsWith("{")) {
                int open = text.indexOf('{', start);
                Set<String> literals = ownType(text.substring(open + 1, matching(open)));
                if (literals.isEmpty()) {
                    throw new IllegalStateException(origin + ": type " + name + " has no 'type' literal");
                }
                return literals;
            }
            Set<String> literals = new TreeSet<>();
            for (String member : unionMembers(name)) {
                literals.addAll(typeLiterals(member, depth + 1));
            }
            return literals;
        }

        /** The text between {@code export type name =} and its closing {@code ;}, or null. */
        private String typeAlias(String name) {
            int start = aliasStart(name);
            return start < 0 ? null : text.substring(start, topLevelEnd(start, ';'));
        }

        /** The offset just past {@code export type name =}, or -1. */
        private int aliasStart(String name) {
            Matcher m = Pattern.compile(
                            "\\bexport\\s+(?:declare\\s+)?type\\s+" + Pattern.quote(name) + "\\s*(?:<[^=]*>)?\\s*=")
                    .matcher(text);
            return m.find() ? m.end() : -1;
        }

        /** The literals of a {@code type} property at the top level of an object type's body. */
        private Set<String> ownType(String body) {
            Set<String> literals = new TreeSet<>();
            Matcher field = Pattern.compile("(?:^|[;\\s{,])(?:readonly\\s+)?(type)\\??\\s*:")
                    .matcher(body);
            int from = 0;
            while (field.find(from)) {
                int at = field.end();
                if (depthAt(body, field.start(1)) == 0) {
                    String value = body.substring(at, endOfMember(body, at));
                    Matcher literal = LITERAL.matcher(value);
                    while (literal.find()) {
                        literals.add(literal.group(1) != null ? literal.group(1) : literal.group(2));
                    }
                    return literals;
                }
                from = at;
            }
            return literals;
        }

        /** Nesting depth (braces, brackets, parentheses, angle brackets) at {@code index}, strings skipped. */
        private static int depthAt(String s, int index) {
            int depth = 0;
            int i = 0;
            while (i < index) {
                char c = s.charAt(i);
                if (c == '\'' || c == '"' || c == '`') {
                    i = stringEnd(s, i);
                    continue;
                }
                if (c == '{' || c == '[' || c == '(' || c == '<') {
                    depth++;
                } else if (c == '}' || c == ']' || c == ')' || (c == '>' && (i == 0 || s.charAt(i - 1) != '='))) {
                    depth--;
                }
                i++;
            }
            return depth;
        }

        /** The end of a property's type: the next top-level {@code ;}, line break or the body's end. */
        private static int endOfMember(String body, int from) {
            int depth = 0;
            int i = from;
            while (i < body.length()) {
                char c = body.charAt(i);
                if (c == '\'' || c == '"' || c == '`') {
                    i = stringEnd(body, i);
                    continue;
                }
                if (c == '{' || c == '[' || c == '(' || c == '<') {
                    depth++;
                } else if (c == '}' || c == ']' || c == ')' || (c == '>' && body.charAt(i - 1) != '=')) {
                    depth--;
                } else if (depth == 0 && (c == ';' || c == '\n')) {
                    // a union written over several lines continues with '|' on the next one
                    int next = i + 1;
                    while (next < body.length() && Character.isWhitespace(body.charAt(next))) {
                        next++;
                    }
                    if (c == ';' || next >= body.length() || body.charAt(next) != '|') {
                        return i;
                    }
                }
                i++;
            }
            return body.length();
        }

        /** The index of the {@code terminator} that ends the expression starting at {@code from}. */
        private int topLevelEnd(int from, char terminator) {
            int depth = 0;
            int i = from;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '\'' || c == '"' || c == '`') {
                    i = stringEnd(text, i);
                    continue;
                }
                if (c == '{' || c == '[' || c == '(' || c == '<') {
                    depth++;
                } else if (c == '}' || c == ']' || c == ')' || (c == '>' && text.charAt(i - 1) != '=')) {
                    depth--;
                } else if (c == terminator && depth == 0) {
                    return i;
                }
                i++;
            }
            throw new IllegalStateException(origin + ": unterminated declaration at offset " + from);
        }

        /** The index of the brace that closes the one at {@code open}. */
        private int matching(int open) {
            int depth = 0;
            int i = open;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '\'' || c == '"' || c == '`') {
                    i = stringEnd(text, i);
                    continue;
                }
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    return i;
                }
                i++;
            }
            throw new IllegalStateException(origin + ": unbalanced braces at offset " + open);
        }

        /** Splits at {@code separator} outside any nesting and string. */
        private static List<String> splitTopLevel(String s, char separator) {
            List<String> parts = new ArrayList<>();
            int depth = 0;
            int start = 0;
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\'' || c == '"' || c == '`') {
                    i = stringEnd(s, i);
                    continue;
                }
                if (c == '{' || c == '[' || c == '(' || c == '<') {
                    depth++;
                } else if (c == '}' || c == ']' || c == ')' || (c == '>' && (i == 0 || s.charAt(i - 1) != '='))) {
                    depth--;
                } else if (c == separator && depth == 0) {
                    parts.add(s.substring(start, i));
                    start = i + 1;
                }
                i++;
            }
            parts.add(s.substring(start));
            return parts;
        }
    }
}
