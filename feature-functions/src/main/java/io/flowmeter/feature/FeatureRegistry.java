package io.flowmeter.feature;

import io.flowmeter.feature.plugins.ActivePeriods;
import io.flowmeter.feature.plugins.Bulks;
import io.flowmeter.feature.plugins.CicMapping;
import io.flowmeter.feature.plugins.ConnectionState;
import io.flowmeter.feature.plugins.DownUpRatio;
import io.flowmeter.feature.plugins.FirstPackets;
import io.flowmeter.feature.plugins.FlowMeterStatistics;
import io.flowmeter.feature.plugins.HeaderAndPayload;
import io.flowmeter.feature.plugins.HostContext;
import io.flowmeter.feature.plugins.IcmpTypeCode;
import io.flowmeter.feature.plugins.InitialWindows;
import io.flowmeter.feature.plugins.IpTtl;
import io.flowmeter.feature.plugins.Subflows;
import io.flowmeter.feature.plugins.TcpFlagCounts;
import io.flowmeter.flow.FeatureSet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every feature plugin this build has, in layout order, with the feature sets that write its columns: the one
 * column registry. Sinks, {@code _schema.json}, training ({@code --feature-columns}) and scoring ({@code --model})
 * all take their columns from here, and a job computes exactly the plugins its feature set and its model need
 * ({@link #layout}). Adding a plugin is one line here; a plugin in no feature set is computed when a model needs
 * its columns or {@code --features} names it.
 */
public final class FeatureRegistry {

    private static final Map<String, Entry> PLUGINS = new LinkedHashMap<>();

    static {
        register(FlowMeterStatistics.NAME, c -> new FlowMeterStatistics(), FeatureSet.FLOWMETER, FeatureSet.EXTENDED);
        register(TcpFlagCounts.NAME, c -> new TcpFlagCounts(), FeatureSet.EXTENDED);
        register(HeaderAndPayload.NAME, c -> new HeaderAndPayload(), FeatureSet.EXTENDED);
        register(InitialWindows.NAME, c -> new InitialWindows(), FeatureSet.EXTENDED);
        register(DownUpRatio.NAME, c -> new DownUpRatio(), FeatureSet.EXTENDED);
        register(ActivePeriods.NAME, c -> new ActivePeriods(c.activityTimeoutNanos()), FeatureSet.EXTENDED);
        register(Bulks.NAME, c -> new Bulks(), FeatureSet.EXTENDED);
        register(Subflows.NAME, c -> new Subflows(), FeatureSet.EXTENDED);
        register(FirstPackets.NAME, c -> new FirstPackets(c.firstPackets()), FeatureSet.EXTENDED);
        register(IpTtl.NAME, c -> new IpTtl());
        register(IcmpTypeCode.NAME, c -> new IcmpTypeCode());
        register(ConnectionState.NAME, c -> new ConnectionState());
        register(HostContext.NAME, c -> new HostContext());
        register(CicMapping.NAME, c -> new CicMapping(name -> columnOf(name, c)), FeatureSet.CIC);
    }

    private FeatureRegistry() {}

    private static void register(String name, Function<FeatureConfig, FlowPlugin<?>> factory, FeatureSet... sets) {
        PLUGINS.put(name, new Entry(factory, sets.length == 0 ? EnumSet.noneOf(FeatureSet.class)
                : EnumSet.of(sets[0], sets)));
    }

    /** The names of every plugin, in layout order. */
    public static List<String> pluginNames() {
        return new ArrayList<>(PLUGINS.keySet());
    }

    /** The plugin called {@code name}, configured by {@code config}. */
    public static FlowPlugin<?> create(String name, FeatureConfig config) {
        Entry entry = PLUGINS.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("no feature plugin " + name + " in this build (it has "
                    + String.join(", ", PLUGINS.keySet()) + ")");
        }
        return entry.factory.apply(config);
    }

    /** Every registered column, in layout order, with the first-packet columns {@code config} asks for. */
    public static List<FeatureColumn> columns(FeatureConfig config) {
        List<FeatureColumn> columns = new ArrayList<>();
        for (String name : PLUGINS.keySet()) {
            columns.addAll(create(name, config).columns());
        }
        return columns;
    }

    /** The plugin that writes {@code column}, or null if none does. */
    public static String providerOf(String column, FeatureConfig config) {
        for (String name : PLUGINS.keySet()) {
            for (FeatureColumn c : create(name, config).columns()) {
                if (c.name().equals(column)) {
                    return name;
                }
            }
        }
        return null;
    }

    /** The registered column {@code name}. */
    static FeatureColumn columnOf(String name, FeatureConfig config) {
        for (String plugin : PLUGINS.keySet()) {
            if (plugin.equals(CicMapping.NAME)) {
                continue; // its own columns come from the others'
            }
            for (FeatureColumn c : create(plugin, config).columns()) {
                if (c.name().equals(name)) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("no registered column " + name);
    }

    /**
     * The layout of a job writing {@code set} that also computes {@code columns} (a model's): the set's plugins,
     * the plugins writing those columns, and whatever they use, in registry order, FlowMeter's statistics first.
     *
     * @throws IllegalArgumentException naming the columns no plugin writes
     */
    public static FeatureLayout layout(FeatureSet set, Collection<String> columns, FeatureConfig config) {
        return layout(set, List.of(), columns, config);
    }

    /**
     * As {@link #layout(FeatureSet, Collection, FeatureConfig)}, and the plugins named in {@code writtenPlugins}
     * write their columns too, after the set's ({@code --features extended,ip-ttl}).
     */
    public static FeatureLayout layout(FeatureSet set, Collection<String> writtenPlugins, Collection<String> columns,
            FeatureConfig config) {
        Set<String> written = new LinkedHashSet<>();
        for (Map.Entry<String, Entry> e : PLUGINS.entrySet()) {
            if (e.getValue().sets.contains(set)) {
                written.add(e.getKey());
            }
        }
        for (String name : writtenPlugins) {
            create(name, config); // an unknown name is refused here
            written.add(name);
        }
        Set<String> needed = new LinkedHashSet<>();
        needed.add(FlowMeterStatistics.NAME);
        needed.addAll(written);
        List<String> unknown = new ArrayList<>();
        List<String> text = new ArrayList<>();
        for (String column : columns) {
            String provider = providerOf(column, config);
            if (provider == null) {
                unknown.add(column);
            } else {
                needed.add(provider);
                if (isText(provider, column, config)) {
                    text.add(column);
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no feature plugin writes column(s) " + String.join(", ", unknown)
                    + unknownHint(unknown));
        }
        if (!text.isEmpty()) {
            throw new IllegalArgumentException("column(s) " + String.join(", ", text) + " hold text, which a model"
                    + " does not read; their plugin writes a numeric code beside them (docs/features.md)");
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (String name : new ArrayList<>(needed)) {
                for (String used : create(name, config).uses()) {
                    grew |= needed.add(providerOf(used, config));
                }
            }
        }
        List<FlowPlugin<?>> plugins = new ArrayList<>();
        List<Boolean> writes = new ArrayList<>();
        for (Map.Entry<String, Entry> e : PLUGINS.entrySet()) {
            if (needed.contains(e.getKey())) {
                plugins.add(e.getValue().factory.apply(config));
                writes.add(written.contains(e.getKey()));
            }
        }
        return new FeatureLayout(plugins, writes);
    }

    /** The layout of exactly the plugins {@code names}, in registry order, none written: state carriers. */
    public static FeatureLayout layoutOf(Collection<String> names, FeatureConfig config) {
        List<FlowPlugin<?>> plugins = new ArrayList<>();
        List<Boolean> writes = new ArrayList<>();
        for (String name : names) {
            create(name, config);
        }
        for (String name : PLUGINS.keySet()) {
            if (names.contains(name)) {
                plugins.add(create(name, config));
                writes.add(false);
            }
        }
        return new FeatureLayout(plugins, writes);
    }

    private static boolean isText(String plugin, String column, FeatureConfig config) {
        for (FeatureColumn c : create(plugin, config).columns()) {
            if (c.name().equals(column)) {
                return c.isText();
            }
        }
        return false;
    }

    private static String unknownHint(List<String> unknown) {
        for (String column : unknown) {
            if (column.startsWith("firstPacket")) {
                return " (first-packet columns go up to --first-packets)";
            }
        }
        return " (docs/features.md lists the columns)";
    }

    /** A plugin's factory and the feature sets that write its columns. */
    private static final class Entry {
        final Function<FeatureConfig, FlowPlugin<?>> factory;
        final Set<FeatureSet> sets;

        Entry(Function<FeatureConfig, FlowPlugin<?>> factory, Set<FeatureSet> sets) {
            this.factory = factory;
            this.sets = sets;
        }
    }
}
