package dev.easel.cli;

import dev.easel.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One flag per {@link Config#settings() setting}, made from the same table that names its
 * {@code easel.yaml} key and environment variable, so no layer can miss a setting. Values stay
 * text until {@link ConfigSources#load} parses them, so a bad flag is reported like a bad file entry.
 */
final class SettingFlags implements IModelTransformer {

    @Override
    public CommandSpec transform(CommandSpec spec) {
        for (Config.Setting<?> setting : Config.settings()) {
            String where = " (yaml: " + setting.key() + "; env: " + setting.env() + ")";
            String warning = setting.secret() ? " Visible to other local users in the process list." : "";
            OptionSpec.Builder option = OptionSpec.builder(setting.flag())
                    .paramLabel(setting.label())
                    .type(String.class)
                    .description(setting.meaning() + where + warning);
            if (setting.label().equals(Config.BOOLEAN_LABEL)) {
                // A switch: --insecure-no-auth alone means true.
                option.arity("0..1").fallbackValue("true");
            }
            spec.addOption(option.build());
        }
        return spec;
    }

    /** The settings given on this command line, by {@link Config.Setting#key()}. */
    static Map<String, String> given(CommandSpec spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Config.Setting<?> setting : Config.settings()) {
            Object value = spec.findOption(setting.flag()).getValue();
            if (value != null) {
                out.put(setting.key(), value.toString());
            }
        }
        return out;
    }
}
