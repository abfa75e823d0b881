package io.flowmeter.feature;

import io.flowmeter.packet.PacketRecord;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.runtime.execution.SuppressRestartsException;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plugins a job computes, in order, and where each one's columns sit in a flow's values: the layout of a
 * flow's state (one state per plugin) and of its record. Built by {@link FeatureRegistry#layout}. Some plugins are
 * written to the output (those of the chosen feature set); the others serve them or a model.
 */
public final class FeatureLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    /** An array: the plugins are called in a loop on every packet. */
    private final FlowPlugin<Object>[] plugins;
    private final boolean[] written;
    private final int[] offsets;
    private final int[][] usedIndexes;
    private final List<FeatureColumn> columns;
    private final Map<String, Integer> indexes;
    private final boolean hasText;

    @SuppressWarnings("unchecked")
    FeatureLayout(List<FlowPlugin<?>> plugins, List<Boolean> written) {
        this.plugins = plugins.toArray(new FlowPlugin[0]);
        this.written = new boolean[plugins.size()];
        this.offsets = new int[plugins.size()];
        this.usedIndexes = new int[plugins.size()][];
        List<FeatureColumn> all = new ArrayList<>();
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < plugins.size(); i++) {
            FlowPlugin<?> plugin = plugins.get(i);
            this.written[i] = written.get(i);
            offsets[i] = all.size();
            List<String> uses = plugin.uses();
            usedIndexes[i] = new int[uses.size()];
            for (int k = 0; k < uses.size(); k++) {
                Integer index = byName.get(uses.get(k));
                if (index == null) {
                    throw new IllegalArgumentException("plugin " + plugin.name() + " uses column " + uses.get(k)
                            + ", which no plugin before it writes");
                }
                usedIndexes[i][k] = index;
            }
            for (FeatureColumn column : plugin.columns()) {
                if (byName.putIfAbsent(column.name(), all.size()) != null) {
                    throw new IllegalArgumentException("column " + column.name() + " is written by two plugins");
                }
                all.add(column);
            }
        }
        this.columns = Collections.unmodifiableList(all);
        this.indexes = byName;
        this.hasText = all.stream().anyMatch(FeatureColumn::isText);
    }

    /** The plugins, in the order they update and finish. */
    public List<FlowPlugin<Object>> plugins() {
        return Collections.unmodifiableList(Arrays.asList(plugins));
    }

    /** The plugin called {@code name}, or null. */
    public FlowPlugin<Object> plugin(String name) {
        for (FlowPlugin<Object> plugin : plugins) {
            if (plugin.name().equals(name)) {
                return plugin;
            }
        }
        return null;
    }

    /** Every column computed, in the order of a flow record's values. */
    public List<FeatureColumn> columns() {
        return columns;
    }

    /** The columns the feature set writes, in order: the written plugins' columns, auxiliary ones left out. */
    public List<FeatureColumn> writtenColumns() {
        List<FeatureColumn> out = new ArrayList<>();
        for (int i = 0; i < plugins.length; i++) {
            if (written[i]) {
                for (FeatureColumn column : plugins[i].columns()) {
                    if (!column.isAuxiliary()) {
                        out.add(column);
                    }
                }
            }
        }
        return out;
    }

    /** The index of column {@code name} in a record's values, or -1 if the layout does not compute it. */
    public int indexOf(String name) {
        Integer index = indexes.get(name);
        return index == null ? -1 : index;
    }

    /** The plugins' names and state versions, in order: what a checkpoint records of the layout. */
    public Map<String, Integer> stateVersions() {
        Map<String, Integer> versions = new LinkedHashMap<>();
        for (FlowPlugin<?> plugin : plugins) {
            versions.put(plugin.name(), plugin.stateVersion());
        }
        return versions;
    }

    /** A new state per plugin, for a flow's first packet. */
    public Object[] newStates() {
        Object[] states = new Object[plugins.length];
        for (int i = 0; i < states.length; i++) {
            states[i] = plugins[i].newState();
        }
        return states;
    }

    /** Counts a packet in every plugin's state. */
    public void update(Object[] states, PacketRecord packet, FlowContext flow) {
        for (int i = 0; i < plugins.length; i++) {
            plugins[i].update(states[i], packet, flow);
        }
    }

    /** Every plugin's per-direction state changes sides. */
    public void swapDirections(Object[] states) {
        for (int i = 0; i < states.length; i++) {
            plugins[i].swapDirections(states[i]);
        }
    }

    /** Whether some column holds text ({@link FeatureColumn#isText}). */
    public boolean hasText() {
        return hasText;
    }

    /**
     * The values of every column, in {@link #columns} order; the values of text columns go to {@code texts} (at the
     * same index; null when the layout has none) and are NaN in the values.
     */
    public double[] finish(Object[] states, FlowContext flow, String[] texts) {
        double[] values = new double[columns.size()];
        PluginValues view = new PluginValues(values, texts);
        for (int i = 0; i < states.length; i++) {
            view.offset = offsets[i];
            view.used = usedIndexes[i];
            plugins[i].finish(states[i], flow, view);
        }
        return values;
    }

    /** Writes every plugin's state, in order. */
    public void writeStates(Object[] states, DataOutputView out) throws IOException {
        for (int i = 0; i < states.length; i++) {
            plugins[i].writeState(states[i], out);
        }
    }

    /** Reads the states {@link #writeStates} wrote, each plugin's in the version {@code versions} gives. */
    public Object[] readStates(Map<String, Integer> versions, DataInputView in) throws IOException {
        Object[] states = new Object[plugins.length];
        for (int i = 0; i < states.length; i++) {
            FlowPlugin<Object> plugin = plugins[i];
            states[i] = plugin.readState(versions.getOrDefault(plugin.name(), plugin.stateVersion()), in);
        }
        return states;
    }

    /** Deep copies of the states. */
    public Object[] copyStates(Object[] states) {
        Object[] copies = new Object[states.length];
        for (int i = 0; i < states.length; i++) {
            copies[i] = plugins[i].copyState(states[i]);
        }
        return copies;
    }

    /**
     * The states of a flow kept with layout {@code from} (restored from a checkpoint of another build or feature
     * set), in this layout: each plugin takes its own state back, fitted to its configuration; states of plugins
     * this layout lacks are dropped. A plugin of this layout that {@code from} lacks cannot be filled in: the
     * flow's earlier packets are gone.
     *
     * @throws org.apache.flink.runtime.execution.SuppressRestartsException around an IllegalStateException naming the
     *     plugins whose state is missing ({@link #stateRefused})
     */
    public Object[] adopt(FeatureLayout from, Object[] states) {
        Object[] adopted = new Object[plugins.length];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < plugins.length; i++) {
            FlowPlugin<Object> plugin = plugins[i];
            int at = from.pluginIndex(plugin.name());
            if (at < 0) {
                missing.add(plugin.name());
            } else {
                adopted[i] = plugin.adapt(states[at]);
            }
        }
        if (!missing.isEmpty()) {
            throw stateRefused(missingStateMessage(missing, from.stateVersions().keySet()));
        }
        return adopted;
    }

    /**
     * The exception for flow state this job cannot resume from: an {@link IllegalStateException} with {@code message},
     * wrapped so that Flink fails the job at once (a restart would only refuse the same state again).
     */
    public static RuntimeException stateRefused(String message) {
        return new SuppressRestartsException(new IllegalStateException(message));
    }

    /** Why a checkpoint of a flow state with plugins {@code had} cannot resume a job that also needs {@code missing}. */
    public static String missingStateMessage(List<String> missing, java.util.Collection<String> had) {
        return "the flows in the checkpoint or savepoint were kept without the state of plugin(s) "
                + String.join(", ", missing) + " (they had " + String.join(", ", had) + "): their packets before it"
                + " are gone. Resume with the --features and --model of the job that wrote it, or start without it";
    }

    private int pluginIndex(String name) {
        for (int i = 0; i < plugins.length; i++) {
            if (plugins[i].name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "FeatureLayout" + stateVersions();
    }

    /** One plugin's window onto a record's values. */
    private static final class PluginValues implements FeatureValues {
        private final double[] values;
        private final String[] texts;
        int offset;
        int[] used;

        PluginValues(double[] values, String[] texts) {
            this.values = values;
            this.texts = texts;
        }

        @Override
        public void set(int column, double value) {
            values[offset + column] = value;
        }

        @Override
        public void setText(int column, String value) {
            values[offset + column] = Double.NaN;
            texts[offset + column] = value;
        }

        @Override
        public double used(int k) {
            return values[used[k]];
        }
    }
}
