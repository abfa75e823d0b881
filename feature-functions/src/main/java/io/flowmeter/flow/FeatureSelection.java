package io.flowmeter.flow;

import io.flowmeter.feature.FeatureRegistry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What {@code --features} asks for: a feature set, then any plugins whose columns are written after the set's,
 * as in {@code extended,ip-ttl}. A feature set is a list of plugins; this names the list.
 */
public final class FeatureSelection {

    private final FeatureSet set;
    private final List<String> plugins;

    private FeatureSelection(FeatureSet set, List<String> plugins) {
        this.set = set;
        this.plugins = Collections.unmodifiableList(plugins);
    }

    /**
     * Parses {@code SET[,PLUGIN...]}: a set name ({@code flowmeter}, {@code extended}, {@code cic}) and plugin names
     * of {@link FeatureRegistry#pluginNames}.
     *
     * @throws IllegalArgumentException whose message, after the option's name, says which names are known
     */
    public static FeatureSelection parse(String text) {
        String[] parts = text.split(",");
        FeatureSet set = FeatureSet.of(parts[0].trim());
        List<String> plugins = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String name = parts[i].trim();
            if (!FeatureRegistry.pluginNames().contains(name)) {
                throw new IllegalArgumentException("names an unknown plugin " + name + " (after the set: any of "
                        + String.join(", ", FeatureRegistry.pluginNames()) + ")");
            }
            if (!plugins.contains(name)) {
                plugins.add(name);
            }
        }
        return new FeatureSelection(set, plugins);
    }

    public FeatureSet set() { return set; }
    /** The plugins written after the set's, in the order given. */
    public List<String> plugins() { return plugins; }
}
