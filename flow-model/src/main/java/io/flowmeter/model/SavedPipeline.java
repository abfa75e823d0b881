package io.flowmeter.model;

import io.flowmeter.model.stage.ScalerModelData;
import io.flowmeter.model.stage.XGBoostModelData;

import ml.dmlc.xgboost4j.java.Booster;
import org.apache.flink.ml.linalg.typeinfo.DenseVectorSerializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the model data of a saved pipeline (assembler, scaler, classifier, as {@code TrainingRun} builds it)
 * in a plain JVM: for the manifest, the report, and checks that need no Flink runtime.
 */
public final class SavedPipeline {

    public static final int SCALER_STAGE = 1;
    public static final int CLASSIFIER_STAGE = 2;

    private SavedPipeline() {}

    public static Path stage(Path pipeline, int index) {
        return pipeline.resolve("stages").resolve(String.valueOf(index));
    }

    public static ScalerModelData scaler(Path pipeline) throws IOException {
        try (InputStream in = Files.newInputStream(dataFile(stage(pipeline, SCALER_STAGE)))) {
            return ScalerModelData.decode(in);
        }
    }

    /** Logistic regression coefficients (standardized features, then the intercept). */
    public static double[] logisticCoefficients(Path pipeline) throws IOException {
        try (InputStream in = Files.newInputStream(dataFile(stage(pipeline, CLASSIFIER_STAGE)))) {
            return new DenseVectorSerializer().deserialize(new DataInputViewStreamWrapper(in)).values;
        }
    }

    public static Booster booster(Path pipeline) throws IOException {
        try (InputStream in = Files.newInputStream(dataFile(stage(pipeline, CLASSIFIER_STAGE)))) {
            return XGBoostModelData.decode(in).load();
        }
    }

    /** The one model data file of a stage (Flink ML's servables require exactly one). */
    static Path dataFile(Path stage) throws IOException {
        Path data = stage.resolve("data");
        try (Stream<Path> files = Files.list(data)) {
            List<Path> all = files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .collect(Collectors.toList());
            if (all.size() != 1) {
                throw new IOException(data + " holds " + all.size() + " model data files, not 1");
            }
            return all.get(0);
        }
    }
}
