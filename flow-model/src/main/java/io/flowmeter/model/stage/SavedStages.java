package io.flowmeter.model.stage;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.ml.api.Stage;
import org.apache.flink.ml.builder.PipelineModel;
import org.apache.flink.ml.util.ParamUtils;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a saved pipeline of this project's model stages. Flink ML's metadata names each stage's class, and Flink
 * ML instantiates whatever it names; here only the stages below load, so a model directory cannot make the job
 * run other code. Models written before the stages moved to this package name them
 * {@code io.flowmeter.train.stage.*}; those names still load, as the classes they now are.
 */
public final class SavedStages {

    /** The package the model stages were in up to commit 56ca4e6; saved models name their classes in it. */
    static final String LEGACY_PACKAGE = "io.flowmeter.train.stage.";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How one stage class reads itself back. */
    private interface Loader {
        Stage<?> load(StreamTableEnvironment tEnv, String path) throws IOException;
    }

    private static final Map<String, Loader> LOADERS = new LinkedHashMap<>();

    static {
        LOADERS.put(FeatureAssembler.class.getName(), FeatureAssembler::load);
        LOADERS.put(StandardScalerModel.class.getName(), StandardScalerModel::load);
        LOADERS.put(WeightedLogisticRegressionModel.class.getName(), WeightedLogisticRegressionModel::load);
        LOADERS.put(XGBoostClassifierModel.class.getName(), XGBoostClassifierModel::load);
    }

    private SavedStages() {}

    /** The class a saved stage's metadata names, under its current name; null if it is none of these stages. */
    static String currentName(String savedName) {
        String name = savedName.startsWith(LEGACY_PACKAGE)
                ? SavedStages.class.getPackageName() + "." + savedName.substring(LEGACY_PACKAGE.length())
                : savedName;
        return LOADERS.containsKey(name) ? name : null;
    }

    /**
     * Checks that {@code pipeline} is a saved {@link PipelineModel} of these stages only, without loading it.
     *
     * @throws IllegalArgumentException with a message for the user, when it is not
     */
    public static void check(Path pipeline) throws IOException {
        stagesOf(pipeline);
    }

    /** Loads the pipeline saved in {@code pipeline}, checked as {@link #check} does. */
    public static PipelineModel load(StreamTableEnvironment tEnv, Path pipeline) throws IOException {
        List<Stage<?>> stages = new ArrayList<>();
        List<String> names = stagesOf(pipeline);
        for (int i = 0; i < names.size(); i++) {
            stages.add(LOADERS.get(names.get(i)).load(tEnv, stagePath(pipeline, i).toString()));
        }
        return new PipelineModel(stages);
    }

    /**
     * The parameters of the stage saved in {@code path}, set on a new instance of the class its metadata names
     * (under its current name): {@code ReadWriteUtils.loadStageParam}, for saved names that have moved.
     */
    @SuppressWarnings("unchecked")
    static <T extends Stage<T>> T loadParams(String path) throws IOException {
        org.apache.flink.core.fs.Path file = new org.apache.flink.core.fs.Path(path, "metadata");
        Map<String, Object> metadata;
        try (InputStream in = file.getFileSystem().open(file)) {
            metadata = JSON.readValue(in, LinkedHashMap.class);
        }
        String name = currentName(String.valueOf(metadata.get("className")));
        if (name == null) {
            throw notOurs(file.toString(), metadata.get("className"));
        }
        metadata.put("className", name);
        try {
            return ParamUtils.instantiateWithParams(metadata);
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
    }

    /** The current class names of the stages of {@code pipeline}, in order. */
    private static List<String> stagesOf(Path pipeline) throws IOException {
        Map<String, Object> metadata = metadata(pipeline.resolve("metadata"));
        if (!PipelineModel.class.getName().equals(metadata.get("className"))) {
            throw notOurs(pipeline.resolve("metadata").toString(), metadata.get("className"));
        }
        int count = ((Number) metadata.getOrDefault("numStages", 0)).intValue();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = stagePath(pipeline, i).resolve("metadata");
            Object saved = metadata(file).get("className");
            String name = saved == null ? null : currentName(saved.toString());
            if (name == null) {
                throw notOurs(file.toString(), saved);
            }
            names.add(name);
        }
        return names;
    }

    private static IllegalArgumentException notOurs(String metadataFile, Object className) {
        return new IllegalArgumentException(metadataFile + " names stage class "
                + (className == null ? "null" : "\"" + className + "\"")
                + ", which is not one of this project's stages; refusing to load it");
    }

    private static Path stagePath(Path pipeline, int index) {
        return pipeline.resolve("stages").resolve(String.valueOf(index));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is missing: not a saved Flink ML pipeline");
        }
        return JSON.readValue(file.toFile(), LinkedHashMap.class);
    }
}
