package dev.easel.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.easel.store.ApiKeyRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys a server accepts: those given in configuration ({@code auth.api_keys},
 * {@code EASEL_API_KEYS}, {@code auth.keys_file}), hashed as they are read, and those made with
 * {@code easel keys create}, in the store. A presented key is hashed and looked up; only hashes
 * are kept. Store lookups are cached for {@link #CACHE_TTL}, so a revoked key stops working
 * within that time. Thread-safe.
 */
public final class ApiKeys {
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);

    private final Map<String, Caller> configured;
    private final ApiKeyRepository stored;
    private final Cache<String, Optional<Caller>> lookups;

    private ApiKeys(Map<String, Caller> configured, ApiKeyRepository stored) {
        this.configured = Map.copyOf(configured);
        this.stored = Objects.requireNonNull(stored, "stored");
        this.lookups = Caffeine.newBuilder()
                .expireAfterWrite(CACHE_TTL)
                .maximumSize(10_000)
                .build();
    }

    /**
     * @param configuredKeys the text of {@code auth.api_keys} (comma-separated) and of the keys
     *     file (one a line), each entry {@code KEY} or {@code admin:KEY}
     * @throws IllegalArgumentException for a key too short or malformed, saying where, never showing it
     */
    public static ApiKeys of(List<Source> configuredKeys, ApiKeyRepository stored) {
        Map<String, Caller> byHash = new LinkedHashMap<>();
        for (Source source : configuredKeys) {
            for (Entry entry : source.entries()) {
                String hash = KeyMaterial.hash(entry.key());
                byHash.put(hash, new Caller(KeyMaterial.configuredId(hash), entry.scope()));
            }
        }
        return new ApiKeys(byHash, stored);
    }

    /** Configured key text and where it came from, for messages. */
    public record Source(String text, String where, boolean oneALine) {
        List<Entry> entries() {
            List<Entry> out = new ArrayList<>();
            String[] parts = oneALine ? text.split("\\R") : text.split(",");
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i].strip();
                if (part.isEmpty() || oneALine && part.startsWith("#")) {
                    continue;
                }
                String at = where + (oneALine ? " line " + (i + 1) : " entry " + (i + 1));
                Scope scope = Scope.USER;
                if (part.regionMatches(true, 0, "admin:", 0, 6)) {
                    scope = Scope.ADMIN;
                    part = part.substring(6);
                } else if (part.regionMatches(true, 0, "user:", 0, 5)) {
                    part = part.substring(5);
                }
                KeyMaterial.check(part, at);
                out.add(new Entry(part, scope));
            }
            return out;
        }
    }

    private record Entry(String key, Scope scope) {}

    /** Whether any key exists, in configuration or the store: then every request must bring one. */
    public boolean any() {
        return !configured.isEmpty() || !stored.list().isEmpty();
    }

    private volatile boolean required;
    private volatile long checkedAt = Long.MIN_VALUE;

    /**
     * Whether requests must bring a key: once any key exists, read from the store at most every
     * {@link #CACHE_TTL}, so a key made with {@code easel keys create} while the server runs
     * closes an open server within seconds. Once true it stays true until the server restarts:
     * revoking every key leaves a server refusing everyone, never open again.
     */
    public boolean required() {
        if (required) {
            return true;
        }
        long now = System.nanoTime();
        if (checkedAt == Long.MIN_VALUE || now - checkedAt > CACHE_TTL.toNanos()) {
            checkedAt = now;
            required = any();
        }
        return required;
    }

    /** The caller this key is, if it is a key of this server (not revoked). */
    public Optional<Caller> authenticate(String key) {
        if (key.isEmpty() || key.length() > KeyMaterial.MAX_LENGTH) {
            return Optional.empty();
        }
        String hash = KeyMaterial.hash(key);
        Caller known = configured.get(hash);
        if (known != null) {
            return Optional.of(known);
        }
        return lookups.get(hash, h -> stored.findActive(h).map(k -> new Caller(k.id(), Scope.parse(k.scope()))));
    }
}
