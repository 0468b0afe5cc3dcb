package dev.easel.cli;

import dev.easel.Config;
import dev.easel.auth.KeyMaterial;
import dev.easel.auth.Scope;
import dev.easel.store.Storage;
import dev.easel.store.StoredApiKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code easel keys create|list|revoke}: the API keys of the store in the data folder. A new key
 * is printed once and only its SHA-256 is stored; a running server sees new and revoked keys
 * within {@link dev.easel.auth.ApiKeys#CACHE_TTL} (a server that started with no key at all
 * serves without keys until it restarts).
 */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Create, list and revoke the API keys clients send as Authorization: Bearer KEY.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML configuration file (default ./easel.yaml when present).")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default: data_dir of the config).")
    Path data;

    @Spec
    CommandSpec spec;

    Storage open() throws java.io.IOException {
        Map<String, String> flags = new LinkedHashMap<>();
        if (data != null) {
            flags.put("data_dir", data.toString());
        }
        Config c = new ConfigSources(ConfigSources.chooseFile(config), System.getenv(), flags).load(w -> {});
        return c.store().open(c.dataDir());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Make a key and print it once.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "What the key is for.")
        String name;

        @Option(
                names = "--scope",
                defaultValue = "user",
                paramLabel = "user|admin",
                description = "user (its own data) or admin (also /metrics and every key's data); default user.")
        String scope;

        @Override
        public Integer call() throws Exception {
            Scope parsed = Scope.parse(scope);
            SecureRandom random = new SecureRandom();
            String key = KeyMaterial.generate(random);
            byte[] id = new byte[8];
            random.nextBytes(id);
            StoredApiKey stored = new StoredApiKey(
                    "key_" + HexFormat.of().formatHex(id),
                    name,
                    parsed.wireName(),
                    KeyMaterial.hash(key),
                    KeyMaterial.hint(key),
                    Instant.now().getEpochSecond(),
                    Optional.empty());
            try (Storage storage = parent.open()) {
                storage.apiKeys().insert(stored);
            }
            PrintWriter out = parent.out();
            out.println(key);
            out.println("# " + stored.id() + " (" + parsed.wireName() + ", \"" + name
                    + "\"): shown this once; Easel keeps only its hash.");
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never the keys themselves).")
    static final class ListKeys implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = parent.out();
            try (Storage storage = parent.open()) {
                out.printf("%-22s %-6s %-12s %-22s %s%n", "ID", "SCOPE", "KEY", "CREATED", "NAME");
                for (StoredApiKey k : storage.apiKeys().list()) {
                    out.printf(
                            "%-22s %-6s %-12s %-22s %s%s%n",
                            k.id(),
                            k.scope(),
                            "sk-…" + k.hint(),
                            Instant.ofEpochSecond(k.createdAt()),
                            k.name(),
                            k.revokedAt()
                                    .map(at -> " (revoked " + Instant.ofEpochSecond(at) + ")")
                                    .orElse(""));
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by its id.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Parameters(paramLabel = "ID", description = "The key's id (key_…), as `easel keys list` shows it.")
        String id;

        @Override
        public Integer call() throws Exception {
            try (Storage storage = parent.open()) {
                if (!storage.apiKeys().revoke(id, Instant.now().getEpochSecond())) {
                    parent.spec.commandLine().getErr().println("no key " + id + " to revoke (or revoked before)");
                    return 1;
                }
            }
            parent.out().println("revoked " + id);
            parent.out().flush();
            return 0;
        }
    }
}
