package io.flowmeter.flow;

import io.flowmeter.feature.FeatureConfig;
import io.flowmeter.feature.FeatureLayout;
import io.flowmeter.feature.FeatureRegistry;
import io.flowmeter.feature.FlowPlugin;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binary form of {@link FlowAccumulator}, for checkpoints and the RocksDB state backend: the flow assembler's part
 * (times, packet counts, TCP state, timer), then each plugin's state in the order of the job's {@link
 * FeatureLayout}, each in its plugin's own versioned layout.
 *
 * <p>The format is versioned ({@link #FORMAT_VERSION}), and a checkpoint or savepoint records the version and the
 * plugins (name and state version each) it was written with ({@link FlowAccumulatorSerializerSnapshot}). On
 * restore, Flink reads the state with a serializer of what was written, and this build migrates it: a plugin's
 * older state version is read by the plugin, a plugin the job no longer computes is dropped. A plugin the job
 * computes that the state lacks cannot be filled in (the packets before the checkpoint are gone): the restore is
 * refused with a message naming it, as is a format or plugin version from a later build; the job then fails at
 * once, without the restarts that would refuse it again ({@link FeatureLayout#stateRefused}).
 *
 * <p>Versions: 1, FlowMeter's statistics and the extended "detail"; 2 adds the close time of a lingering flow and
 * both sides' first TCP sequence numbers (both read by {@link FlowStateFormat2}); 3, the plugin layout; 4 adds the
 * type and code of an ICMP flow's first message (for its Community ID; unknown in flows read from earlier formats).
 */
public final class FlowAccumulatorSerializer extends TypeSerializer<FlowAccumulator> {

    private static final long serialVersionUID = 2L;

    /** The format this build writes. */
    public static final int FORMAT_VERSION = 4;

    /** The layout written (and read, in format 3); null for a serializer reading formats 1 and 2. */
    private final FeatureLayout layout;
    /** The format read; only {@link #FORMAT_VERSION} is written. */
    private final int formatVersion;
    /** The plugins' state versions read (format 3). */
    private final Map<String, Integer> stateVersions;
    /**
     * Formats 1 and 2: where the layouts of the flows read are noted, for the snapshot that made this serializer
     * to check against the job's layout; null when nobody asks.
     */
    private final transient Set<FeatureLayout> layoutsRead;

    /** The serializer of a job whose flows keep the plugins of {@code layout}. */
    public FlowAccumulatorSerializer(FeatureLayout layout) {
        this(Objects.requireNonNull(layout), FORMAT_VERSION, layout.stateVersions());
    }

    private FlowAccumulatorSerializer(FeatureLayout layout, int formatVersion, Map<String, Integer> stateVersions) {
        this(layout, formatVersion, stateVersions, null);
    }

    private FlowAccumulatorSerializer(FeatureLayout layout, int formatVersion, Map<String, Integer> stateVersions,
            Set<FeatureLayout> layoutsRead) {
        this.layout = layout;
        this.formatVersion = formatVersion;
        this.stateVersions = stateVersions;
        this.layoutsRead = layoutsRead;
    }

    /** A serializer reading state of format 1 or 2, which an earlier build wrote. */
    static FlowAccumulatorSerializer readingFormat2(int formatVersion) {
        return readingFormat2(formatVersion, null);
    }

    /** As {@link #readingFormat2(int)}, noting the layout of each flow read in {@code layoutsRead} (if not null). */
    private static FlowAccumulatorSerializer readingFormat2(int formatVersion, Set<FeatureLayout> layoutsRead) {
        if (formatVersion < 1 || formatVersion > 2) {
            throw new IllegalArgumentException("flow state format " + formatVersion + " is not format 1 or 2");
        }
        return new FlowAccumulatorSerializer(null, formatVersion, Map.of(), layoutsRead);
    }

    /** The layout written; null for a serializer reading format 1 or 2. */
    FeatureLayout layout() {
        return layout;
    }

    @Override public boolean isImmutableType() { return false; }
    @Override public TypeSerializer<FlowAccumulator> duplicate() { return this; }
    @Override public int getLength() { return -1; }

    @Override
    public FlowAccumulator createInstance() {
        return layout == null ? new FlowAccumulator() : new FlowAccumulator(layout);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FlowAccumulatorSerializer)) {
            return false;
        }
        FlowAccumulatorSerializer other = (FlowAccumulatorSerializer) o;
        return formatVersion == other.formatVersion && stateVersions.equals(other.stateVersions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(formatVersion, stateVersions);
    }

    @Override
    public FlowAccumulator copy(FlowAccumulator from) {
        return copy(from, new FlowAccumulator());
    }

    @Override
    public FlowAccumulator copy(FlowAccumulator from, FlowAccumulator to) {
        to.forwardIsA = from.forwardIsA;
        to.firstNanos = from.firstNanos;
        to.lastNanos = from.lastNanos;
        to.forwardPackets = from.forwardPackets;
        to.backwardPackets = from.backwardPackets;
        to.timerMillis = from.timerMillis;
        to.status = from.status;
        to.closeNanos = from.closeNanos;
        to.seqBaseA = from.seqBaseA;
        to.seqBaseB = from.seqBaseB;
        to.firstIcmpTypeCode = from.firstIcmpTypeCode;
        to.layout = from.layout;
        to.states = from.layout.copyStates(from.states);
        return to;
    }

    @Override
    public void serialize(FlowAccumulator a, DataOutputView out) throws IOException {
        requireWriter();
        a.adoptLayout(layout); // a flow restored from another layout, migrated
        out.writeBoolean(a.forwardIsA);
        out.writeLong(a.firstNanos);
        out.writeLong(a.lastNanos);
        out.writeLong(a.forwardPackets);
        out.writeLong(a.backwardPackets);
        out.writeLong(a.timerMillis);
        out.writeInt(a.status);
        out.writeLong(a.closeNanos);
        out.writeInt(a.seqBaseA);
        out.writeInt(a.seqBaseB);
        out.writeInt(a.firstIcmpTypeCode);
        layout.writeStates(a.states, out);
    }

    @Override
    public FlowAccumulator deserialize(DataInputView in) throws IOException {
        return deserialize(new FlowAccumulator(), in);
    }

    @Override
    public FlowAccumulator deserialize(FlowAccumulator reuse, DataInputView in) throws IOException {
        if (layout == null) {
            FlowAccumulator read = FlowStateFormat2.read(formatVersion, in);
            if (layoutsRead != null) {
                layoutsRead.add(read.layout); // one of a few cached layouts
            }
            return read;
        }
        FlowAccumulator a = reuse;
        a.forwardIsA = in.readBoolean();
        a.firstNanos = in.readLong();
        a.lastNanos = in.readLong();
        a.forwardPackets = in.readLong();
        a.backwardPackets = in.readLong();
        a.timerMillis = in.readLong();
        a.status = in.readInt();
        a.closeNanos = in.readLong();
        a.seqBaseA = in.readInt();
        a.seqBaseB = in.readInt();
        a.firstIcmpTypeCode = formatVersion >= 4 ? in.readInt() : -1;
        a.layout = layout;
        a.states = layout.readStates(stateVersions, in);
        return a;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        requireWriter();
        serialize(deserialize(source), target);
    }

    private void requireWriter() {
        if (layout == null || formatVersion != FORMAT_VERSION || !stateVersions.equals(layout.stateVersions())) {
            throw new IllegalStateException("this serializer reads flow state of format " + formatVersion
                    + " and plugins " + stateVersions + " for migration; it does not write");
        }
    }

    @Override
    public TypeSerializerSnapshot<FlowAccumulator> snapshotConfiguration() {
        return new FlowAccumulatorSerializerSnapshot(formatVersion, stateVersions);
    }

    /**
     * What a checkpoint records of the flow state's serializer: the format version the state was written in and,
     * from format 3 on, its plugins with their state versions. Snapshot versions 1 to 3 are those of Flink's
     * {@code SimpleTypeSerializerSnapshot}, which the first builds used, and stand for format 1; version 4 writes
     * the format version (1 or 2); version 5 also the plugins.
     */
    public static final class FlowAccumulatorSerializerSnapshot implements TypeSerializerSnapshot<FlowAccumulator> {

        private static final int SNAPSHOT_VERSION = 5;

        private int formatVersion;
        private Map<String, Integer> stateVersions;
        /**
         * Formats 1 and 2: the layouts of the flows that {@link #restoreSerializer}'s serializer has read. A heap
         * state backend reads every flow before the job's state asks for compatibility, which then checks them.
         */
        private final Set<FeatureLayout> layoutsRead = ConcurrentHashMap.newKeySet();

        /** For Flink, which reads the snapshot into it. */
        public FlowAccumulatorSerializerSnapshot() {
            this(FORMAT_VERSION, Map.of());
        }

        FlowAccumulatorSerializerSnapshot(int formatVersion, Map<String, Integer> stateVersions) {
            this.formatVersion = formatVersion;
            this.stateVersions = stateVersions;
        }

        /** The format version of the state this snapshot describes. */
        public int formatVersion() {
            return formatVersion;
        }

        /** The plugins of the state, with their state versions, in order; empty before format 3. */
        public Map<String, Integer> stateVersions() {
            return stateVersions;
        }

        @Override
        public int getCurrentVersion() {
            return SNAPSHOT_VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(formatVersion);
            out.writeInt(stateVersions.size());
            for (Map.Entry<String, Integer> plugin : stateVersions.entrySet()) {
                out.writeUTF(plugin.getKey());
                out.writeInt(plugin.getValue());
            }
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader)
                throws IOException {
            formatVersion = readVersion < 4 ? 1 : in.readInt();
            if (formatVersion < 1) {
                throw new IOException("flow state snapshot with format version " + formatVersion);
            }
            Map<String, Integer> plugins = new LinkedHashMap<>();
            if (readVersion >= 5) {
                int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    plugins.put(in.readUTF(), in.readInt());
                }
            }
            stateVersions = plugins;
        }

        @Override
        public TypeSerializer<FlowAccumulator> restoreSerializer() {
            if (formatVersion > FORMAT_VERSION) {
                throw FeatureLayout.stateRefused(newerThanThisBuild());
            }
            if (formatVersion < 3) {
                return readingFormat2(formatVersion, layoutsRead);
            }
            List<String> unknown = new ArrayList<>();
            List<String> names = new ArrayList<>(stateVersions.keySet());
            for (String name : names) {
                if (!FeatureRegistry.pluginNames().contains(name)) {
                    unknown.add(name);
                }
            }
            if (!unknown.isEmpty()) {
                throw FeatureLayout.stateRefused("the flow state was written with feature plugin(s) "
                        + String.join(", ", unknown) + ", which this build does not have: resume with the build that"
                        + " wrote it, or start without the savepoint");
            }
            FeatureLayout written = FeatureRegistry.layoutOf(names, FeatureConfig.defaults());
            for (FlowPlugin<Object> plugin : written.plugins()) {
                if (stateVersions.get(plugin.name()) > plugin.stateVersion()) {
                    throw FeatureLayout.stateRefused("the state of feature plugin " + plugin.name() + " was written"
                            + " in version " + stateVersions.get(plugin.name()) + " by a later build; this build reads"
                            + " versions 1 to " + plugin.stateVersion() + ": resume with that build, or start"
                            + " without the savepoint");
                }
            }
            if (!names.equals(new ArrayList<>(written.stateVersions().keySet()))) {
                throw FeatureLayout.stateRefused("the flow state's plugins " + names + " are not in this build's order");
            }
            return new FlowAccumulatorSerializer(written, formatVersion, stateVersions);
        }

        @Override
        public TypeSerializerSchemaCompatibility<FlowAccumulator> resolveSchemaCompatibility(
                TypeSerializer<FlowAccumulator> newSerializer) {
            if (!(newSerializer instanceof FlowAccumulatorSerializer)) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            if (formatVersion > FORMAT_VERSION) {
                throw FeatureLayout.stateRefused(newerThanThisBuild());
            }
            FeatureLayout target = ((FlowAccumulatorSerializer) newSerializer).layout;
            if (formatVersion == FORMAT_VERSION && stateVersions.equals(target.stateVersions())) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            if (formatVersion >= 3) {
                restoreSerializer(); // refuses plugins or versions this build cannot read
                refuseMissingPlugins(target, stateVersions.keySet());
            }
            // Formats 1 and 2 do not say whether the flows kept the extended state: the flows read so far (all of
            // them, on a heap backend) are checked here, any others when the job's layout takes them on.
            for (FeatureLayout read : layoutsRead) {
                refuseMissingPlugins(target, read.stateVersions().keySet());
            }
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }

        /** Refuses a job whose layout {@code target} has plugins that flows kept with plugins {@code had} lack. */
        private static void refuseMissingPlugins(FeatureLayout target, Set<String> had) {
            List<String> missing = new ArrayList<>();
            for (String name : target.stateVersions().keySet()) {
                if (!had.contains(name)) {
                    missing.add(name);
                }
            }
            if (!missing.isEmpty()) {
                throw FeatureLayout.stateRefused(FeatureLayout.missingStateMessage(missing, had));
            }
        }

        private String newerThanThisBuild() {
            return "the flow state was written in format " + formatVersion + " by a later build; this build reads"
                    + " formats 1 to " + FORMAT_VERSION + ": resume with that build, or start without the savepoint";
        }
    }
}
