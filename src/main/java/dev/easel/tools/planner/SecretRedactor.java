package dev.easel.tools.planner;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets out of text a model wrote, before it becomes a message, an image prompt, a stored
 * row or a log line: a model asked to "repeat your configuration" may echo the operator's key. It
 * replaces the known secrets in any letter case, their base64 (standard and URL-safe) and hex
 * forms, any run of 8 or more of a secret's characters in a row (a masked {@code sk-proj…wxyz}
 * shows its ends), and text shaped like well-known credentials (OpenAI, Anthropic, GitHub,
 * Hugging Face, AWS, Slack keys, JWTs, {@code Bearer} tokens) whoever's they are.
 */
public final class SecretRedactor {
    public static final String REDACTED = "[redacted]";
    /** Shorter runs of a secret are too likely to be ordinary text. */
    static final int MIN_RUN = 8;

    private static final Pattern SHAPES = Pattern.compile("\\bsk-(?:proj-|ant-|easel-)?[A-Za-z0-9_-]{16,}"
            + "|\\bgh[pousr]_[A-Za-z0-9]{20,}"
            + "|\\bgithub_pat_[A-Za-z0-9_]{20,}"
            + "|\\bhf_[A-Za-z0-9]{20,}"
            + "|\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"
            + "|\\bxox[abprs]-[A-Za-z0-9-]{10,}"
            + "|\\beyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}"
            + "|(?i:\\bbearer\\s+)[A-Za-z0-9._~+/=-]{16,}");

    private final List<Pattern> secrets;

    /** @param secrets the keys this server holds (blank ones are ignored) */
    public SecretRedactor(List<String> secrets) {
        List<Pattern> patterns = new ArrayList<>();
        for (String secret : secrets) {
            if (secret == null || secret.strip().length() < MIN_RUN) {
                continue;
            }
            String s = secret.strip();
            List<String> forms = new ArrayList<>();
            forms.add(s);
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
            forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            forms.add(java.util.HexFormat.of().formatHex(bytes));
            for (String form : forms) {
                patterns.add(Pattern.compile(Pattern.quote(form), Pattern.CASE_INSENSITIVE));
            }
            // Any MIN_RUN characters of the secret in a row: masked and truncated echoes.
            StringBuilder runs = new StringBuilder();
            for (int i = 0; i + MIN_RUN <= s.length(); i++) {
                if (!runs.isEmpty()) {
                    runs.append('|');
                }
                runs.append(Pattern.quote(s.substring(i, i + MIN_RUN)));
            }
            patterns.add(Pattern.compile(runs.toString(), Pattern.CASE_INSENSITIVE));
        }
        this.secrets = List.copyOf(patterns);
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (Pattern p : secrets) {
            out = p.matcher(out).replaceAll(Matcher.quoteReplacement(REDACTED));
        }
        return SHAPES.matcher(out).replaceAll(Matcher.quoteReplacement(REDACTED));
    }

    /** Whether the text holds nothing this would redact. */
    public boolean clean(String text) {
        return redact(text).equals(text);
    }

    @Override
    public String toString() {
        return "SecretRedactor(" + secrets.size() + " patterns)";
    }
}
