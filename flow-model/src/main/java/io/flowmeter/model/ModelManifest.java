package io.flowmeter.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json}: what a saved model is, beside Flink ML's own stage files in {@code pipeline/}. The
 * feature columns it reads, the scaler statistics, the decision threshold, the model type, the training inputs
 * with their sha256, and the evaluation metrics. Read and written as JSON data, never Java serialization.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ModelManifest {

    public static final String FILE = "model.json";
    public static final String FORMAT = "flowmeter-model";
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String format = FORMAT;
    public int formatVersion = FORMAT_VERSION;
    public String modelType;
    public String createdAt;
    /** Directory of the Flink ML pipeline (feature assembler, scaler, classifier), relative to model.json. */
    public String pipeline = "pipeline";
    public List<String> featureColumns = new ArrayList<>();
    public Scaler scaler;
    public double threshold;
    public String thresholdChosenBy;
    /** Logistic models: coefficients of the standardized features, then the intercept. */
    public List<Double> coefficients;
    public List<Input> trainingInputs = new ArrayList<>();
    public Map<String, Object> metrics = new LinkedHashMap<>();

    /** Per-feature mean and population standard deviation. */
    public static class Scaler {
        public List<Double> mean = new ArrayList<>();
        public List<Double> std = new ArrayList<>();
    }

    /** One training input: where it was, what it held, and its sha256. */
    public static class Input {
        public String path;
        public String role;
        public String sha256;

        public Input() {}

        public Input(String path, String role, String sha256) {
            this.path = path;
            this.role = role;
            this.sha256 = sha256;
        }
    }

    public void write(Path directory) throws IOException {
        JSON.writeValue(directory.resolve(FILE).toFile(), this);
    }

    /** Reads a model directory's manifest, with a message for the user when it is not a model. */
    public static ModelManifest read(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(directory + " is not a FlowMeter model: it has no " + FILE
                    + " (train one with bin/flowmeter-train)");
        }
        ModelManifest manifest;
        try {
            manifest = JSON.readValue(file.toFile(), ModelManifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a valid model manifest: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(manifest.format) || manifest.formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException(file + " has format " + manifest.format + " version "
                    + manifest.formatVersion + "; this version reads " + FORMAT + " version " + FORMAT_VERSION);
        }
        if (manifest.featureColumns == null || manifest.featureColumns.isEmpty()) {
            throw new IllegalArgumentException(file + " names no feature columns");
        }
        if (!Files.isDirectory(directory.resolve(manifest.pipeline))) {
            throw new IllegalArgumentException(directory + " has no " + manifest.pipeline + "/ directory (the Flink"
                    + " ML pipeline) beside " + FILE);
        }
        return manifest;
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
