package io.flowmeter.feature;

import io.flowmeter.packet.PacketRecord;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A group of flow features, in the spirit of NFStream's plugins: the columns it writes, its per-flow state (a
 * fixed-size streaming summary of type {@code S}), what it does with each packet ({@link #update}), what it
 * writes when the flow ends ({@link #finish}), and how its state is written to and read from checkpoints, with a
 * version ({@link #stateVersion}). A flow's state is the list of its plugins' states; a feature set is a list of
 * plugins ({@link FeatureLayout}).
 *
 * <p>Everything a plugin needs from a packet is on the decoded packet ({@link PacketRecord}), so a feature that
 * needs a new header field changes the decoder and its plugin, nothing in between. A plugin that needs another
 * plugin's value names that column in {@link #uses} and reads it at {@link #finish}.
 *
 * <p>Plugins are immutable and hold only their configuration, so one instance serves every flow of a subtask.
 * The hot path calls {@link #update} once per packet: it must not allocate.
 *
 * @param <S> the per-flow state; {@code Void} (always null) for a plugin that derives its values from others'
 */
public interface FlowPlugin<S> extends Serializable {

    /** The plugin's name in state snapshots and error messages; never changes once released. */
    String name();

    /**
     * The version of the state layout {@link #writeState} writes. Raise it when the layout changes, and keep
     * {@link #readState} reading every earlier version.
     */
    int stateVersion();

    /** The columns this plugin writes, in output order. */
    List<FeatureColumn> columns();

    /** Columns of other plugins whose values {@link #finish} reads ({@link FeatureValues#used}). */
    default List<String> uses() {
        return List.of();
    }

    /** A new state, for a flow's first packet. */
    S newState();

    /** Counts one packet of the flow (the first included). */
    void update(S state, PacketRecord packet, FlowContext flow);

    /**
     * The flow's initiator turned out to be the other endpoint (its first SYN came after a packet of the responder):
     * whatever the state keeps per direction changes sides.
     */
    default void swapDirections(S state) {}

    /** Writes the values of {@link #columns} for the flow's record (early records included: the state stays). */
    void finish(S state, FlowContext flow, FeatureValues values);

    /** Writes the state, in layout {@link #stateVersion}. */
    void writeState(S state, DataOutputView out) throws IOException;

    /** Reads a state written in layout {@code version} (1 to {@link #stateVersion}). */
    S readState(int version, DataInputView in) throws IOException;

    /**
     * A state read from a checkpoint, fitted to this plugin's configuration (a first-packet count changed between
     * the runs, say); the state itself by default.
     */
    default S adapt(S state) {
        return state;
    }

    /** A deep copy of the state, for the state backends; by default written and read back. */
    default S copyState(S state) {
        try {
            DataOutputSerializer bytes = new DataOutputSerializer(128);
            writeState(state, bytes);
            return readState(stateVersion(), new DataInputDeserializer(bytes.getSharedBuffer(), 0, bytes.length()));
        } catch (IOException e) {
            throw new UncheckedIOException("copying the state of plugin " + name(), e);
        }
    }
}
