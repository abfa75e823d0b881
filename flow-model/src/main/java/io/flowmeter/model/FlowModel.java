package io.flowmeter.model;

import io.flowmeter.feature.FeatureConfig;
import io.flowmeter.feature.FeatureLayout;
import io.flowmeter.feature.FeatureRegistry;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.model.stage.SavedStages;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.ml.builder.PipelineModel;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained model as the flow job uses it: {@code model.json} plus the Flink ML pipeline beside it, loaded with
 * {@code PipelineModel.load} and applied to a stream of flows.
 */
public final class FlowModel {

    /** Column of the classifier's {@code [p(benign), p(malicious)]} vector. */
    public static final String RAW_PREDICTION = "rawPrediction";
    private static final String FLOW = "flow";

    private final Path directory;
    private final ModelManifest manifest;

    private FlowModel(Path directory, ModelManifest manifest) {
        this.directory = directory;
        this.manifest = manifest;
    }

    /**
     * Loads a model directory. Fails with a message for the user when it is not a model, or when the model reads
     * columns no feature plugin writes (a model trained on another tool's flow tables). A model names its columns
     * ({@link #featureColumns}); the job computes the plugins that write them ({@link FlowSettings#withExtraColumns}),
     * so a model trained on CICFlowMeter's columns scores flows as well as one trained on this project's.
     */
    public static FlowModel load(Path directory, FeatureConfig features) throws IOException {
        ModelManifest manifest = ModelManifest.read(directory);
        List<String> missing = new ArrayList<>();
        for (String column : manifest.featureColumns) {
            if (FeatureRegistry.providerOf(column, features) == null) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the model in " + directory + " reads columns no feature plugin writes "
                    + missing + "; it was trained on another tool's flow tables and cannot score these flows"
                    + " (docs/features.md lists the columns this build computes)");
        }
        SavedStages.check(directory.resolve(manifest.pipeline));
        return new FlowModel(directory, manifest);
    }

    /** The columns the model reads, in its order. */
    public List<String> featureColumns() {
        return manifest.featureColumns;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** The threshold training chose. */
    public double threshold() {
        return manifest.threshold;
    }

    /**
     * Scores every flow with the saved Flink ML pipeline; a flow is malicious when its probability reaches {@code
     * threshold}. The flows' values are in {@code layout}, which must compute the model's columns.
     */
    public DataStream<ScoredFlow> score(StreamExecutionEnvironment env, DataStream<FlowRecord> flows, double threshold,
            FeatureLayout layout) throws IOException {
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        List<String> columns = manifest.featureColumns;
        TypeInformation<?>[] types = new TypeInformation<?>[columns.size() + 1];
        String[] names = new String[columns.size() + 1];
        for (int i = 0; i < columns.size(); i++) {
            types[i] = Types.DOUBLE;
            names[i] = columns.get(i);
        }
        types[columns.size()] = TypeInformation.of(FlowRecord.class);
        names[columns.size()] = FLOW;
        int[] indexes = new int[columns.size()];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = layout.indexOf(columns.get(i));
            if (indexes[i] < 0) {
                throw new IllegalArgumentException("the flows do not carry column " + columns.get(i) + " of the model");
            }
        }
        DataStream<Row> rows = flows.map(flow -> {
            Row row = new Row(indexes.length + 1);
            for (int i = 0; i < indexes.length; i++) {
                double value = flow.values[indexes[i]];
                row.setField(i, Double.isFinite(value) ? value : 0.0);
            }
            row.setField(indexes.length, flow);
            return row;
        }, new RowTypeInfo(types, names)).name("flows to model rows");
        PipelineModel model = SavedStages.load(tEnv, directory.resolve(manifest.pipeline));
        Table scored = model.transform(tEnv.fromDataStream(rows))[0];
        return tEnv.toDataStream(scored)
                .map(row -> new ScoredFlow((FlowRecord) row.getField(FLOW),
                        ((DenseVector) row.getField(RAW_PREDICTION)).values[1], threshold),
                        TypeInformation.of(ScoredFlow.class))
                .name("scored flows");
    }
}
