package io.flowmeter.train.cli;

import io.flowmeter.train.data.TrainingRows;
import io.flowmeter.model.stage.FeatureAssembler;
import io.flowmeter.train.stage.ClassifierSettings;
import io.flowmeter.train.stage.StandardScaler;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.ml.api.Stage;
import org.apache.flink.ml.builder.Pipeline;
import org.apache.flink.ml.builder.PipelineModel;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Flink execution that fits the pipeline (feature assembly, standard scaling, classifier) on the training
 * rows, saves it, and scores the calibration and test rows, which it returns. Fitting, saving and scoring share
 * the execution because a fitted model's data is computed, not stored.
 */
final class TrainingRun {

    static final String FEATURES = "features";
    static final String SCALED = "scaledFeatures";
    static final String PREDICTION = "prediction";
    static final String RAW_PREDICTION = io.flowmeter.model.FlowModel.RAW_PREDICTION;

    private TrainingRun() {}

    static List<Stage<?>> stages(List<String> featureColumns, ClassifierSettings settings) {
        List<Stage<?>> stages = new ArrayList<>();
        FeatureAssembler assembler = new FeatureAssembler().setInputCols(featureColumns.toArray(new String[0]))
                .setOutputCol(FEATURES);
        assembler.set(FeatureAssembler.LOG_SCALE, settings.logScale());
        stages.add(assembler);
        stages.add(new StandardScaler().setInputCol(FEATURES).setOutputCol(SCALED)
                .setAppendConstant(settings.logistic()));
        if (settings.logistic()) {
            stages.add(settings.logisticEstimator().setFeaturesCol(SCALED).setLabelCol(TrainingRows.LABEL)
                    .setPredictionCol(PREDICTION).setRawPredictionCol(RAW_PREDICTION));
        } else {
            stages.add(settings.xgboostEstimator().setFeaturesCol(SCALED).setLabelCol(TrainingRows.LABEL)
                    .setPredictionCol(PREDICTION).setRawPredictionCol(RAW_PREDICTION));
        }
        return stages;
    }

    /**
     * Fits, saves to {@code pipelineDirectory} and returns the scored calibration and test flows; the execution's
     * accumulators (the ground-truth label counts, say) go to {@code accumulators}.
     */
    static List<EvaluatedFlow> run(StreamTableEnvironment tEnv, DataStream<Row> rows, List<String> featureColumns,
            ModelType type, ClassifierSettings settings, Path pipelineDirectory, Map<String, Object> accumulators)
            throws Exception {
        Table train = tEnv.fromDataStream(rows.filter(r -> (Integer) r.getField(TrainingRows.SPLIT) == TrainingRows.TRAIN)
                .returns(rows.getType()).name("training rows"));
        Table evaluation = tEnv.fromDataStream(rows
                .filter(r -> (Integer) r.getField(TrainingRows.SPLIT) != TrainingRows.TRAIN)
                .returns(rows.getType()).name("calibration and test rows"));
        PipelineModel model = new Pipeline(stages(featureColumns, settings)).fit(train);
        model.save(pipelineDirectory.toString());
        Table predictions = model.transform(evaluation)[0];
        DataStream<EvaluatedFlow> scored = tEnv.toDataStream(predictions)
                .map(row -> {
                    EvaluatedFlow flow = new EvaluatedFlow();
                    flow.split = (Integer) row.getField(TrainingRows.SPLIT);
                    flow.malicious = (Double) row.getField(TrainingRows.LABEL) > 0.5;
                    flow.bytes = (Double) row.getField(TrainingRows.BYTES);
                    flow.probability = ((DenseVector) row.getField(RAW_PREDICTION)).values[1];
                    flow.features = ((DenseVector) row.getField(FEATURES)).values;
                    return flow;
                }, TypeInformation.of(EvaluatedFlow.class))
                .name("scored flows");
        List<EvaluatedFlow> out = new ArrayList<>();
        try (CloseableIterator<EvaluatedFlow> it = scored.collectAsync()) {
            JobClient job = rows.getExecutionEnvironment().executeAsync("FlowMeter training: " + type.label());
            it.forEachRemaining(out::add);
            accumulators.putAll(job.getJobExecutionResult().get().getAllAccumulatorResults());
        }
        return out;
    }
}
