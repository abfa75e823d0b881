package io.flowmeter.train.cli;

import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.jobs.CaptureFlows;
import io.flowmeter.jobs.JobEnvironments;
import io.flowmeter.jobs.cli.FlowTimeoutOptions;
import io.flowmeter.jobs.cli.Usage;
import io.flowmeter.model.FlowModel;
import io.flowmeter.model.ModelManifest;
import io.flowmeter.model.ScoredFlow;
import io.flowmeter.model.Sha256;
import io.flowmeter.pcap.source.CaptureDiscovery;
import io.flowmeter.train.eval.BinaryMetrics;

import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code bin/flowmeter-train calibrate}: sets a model's decision threshold from a site's own benign traffic, without
 * retraining. The model scores every flow of the benign captures (computed as {@code bin/flowmeter} does, with the
 * plugins the model's columns need), and the threshold becomes the lowest at which at most the target share of
 * those flows is flagged; {@code model.json} records it, how it was chosen, and the captures.
 */
@Command(name = "flowmeter-train calibrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Sets the model's threshold so that at most --target-fpr of the flows of a site's own benign"
                + " captures are flagged, and records it in DIR/model.json. Run it before a model goes live.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the threshold was set", "1:scoring failed", "2:unusable arguments"})
public final class CalibrateCli implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The model to calibrate.")
    java.nio.file.Path model;

    @Option(names = "--benign", required = true, arity = "1..*", paramLabel = "PATH",
            description = "Captures of the site's benign traffic (files or directories, as bin/flowmeter reads them).")
    List<java.nio.file.Path> benign = new ArrayList<>();

    @Option(names = "--target-fpr", paramLabel = "RATE", defaultValue = "0.01",
            description = "The largest share of the benign flows to flag. Default: ${DEFAULT-VALUE}.")
    double targetFpr;

    @Option(names = "--parallelism", paramLabel = "N", description = "Parallel subtasks. Default: the number of cores.")
    Integer parallelism;

    @Mixin FlowTimeoutOptions flowTimeouts;

    private final PrintStream out;
    private final PrintStream err;

    CalibrateCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        Usage usage = new Usage(spec);
        if (!(targetFpr > 0 && targetFpr < 1)) {
            throw usage.error("--target-fpr must be between 0 and 1, got " + targetFpr);
        }
        for (java.nio.file.Path input : benign) {
            if (!Files.exists(input)) {
                throw usage.error(input + ": input not found");
            }
        }
        List<java.nio.file.Path> files = CaptureDiscovery.captures(benign);
        if (files.isEmpty()) {
            throw usage.error("no capture files in the --benign inputs");
        }
        FlowSettings settings = flowTimeouts.settings(usage, 0);
        FlowModel flowModel;
        try {
            flowModel = FlowModel.load(model, settings.featureConfig());
        } catch (IllegalArgumentException e) {
            throw usage.error("--model: " + e.getMessage());
        }
        settings = settings.withExtraColumns(flowModel.featureColumns());

        StreamExecutionEnvironment env = JobEnvironments.create(parallelism);
        List<Path> paths = new ArrayList<>();
        for (java.nio.file.Path file : files) {
            paths.add(new Path(file.toUri()));
        }
        DataStream<FlowRecord> flows = CaptureFlows.flows(env, paths, new HashSet<>(paths), settings,
                Duration.ofSeconds(1));
        double[] probabilities;
        try (CloseableIterator<ScoredFlow> scored = flowModel.score(env, flows, flowModel.threshold(),
                settings.layout()).executeAndCollect("FlowMeter calibration of " + model)) {
            List<Double> all = new ArrayList<>();
            scored.forEachRemaining(flow -> all.add(flow.probability));
            probabilities = all.stream().mapToDouble(Double::doubleValue).toArray();
        }
        if (probabilities.length == 0) {
            throw usage.error("the --benign captures hold no flows to calibrate on");
        }
        double threshold = BinaryMetrics.thresholdForBenign(probabilities, targetFpr);
        long flagged = Arrays.stream(probabilities).filter(p -> p >= threshold).count();

        ModelManifest manifest = ModelManifest.read(model);
        double before = manifest.threshold;
        manifest.threshold = threshold;
        manifest.thresholdChosenBy = String.format(Locale.ROOT, "calibrate on %s: at most %s of %,d benign flows of"
                + " %d captures flagged (%,d)", Instant.now(), targetFpr, probabilities.length, files.size(), flagged);
        for (java.nio.file.Path file : files) {
            manifest.trainingInputs.add(new ModelManifest.Input(file.toAbsolutePath().toString(),
                    "capture, benign, site calibration", Sha256.of(file)));
        }
        manifest.write(model);
        out.printf(Locale.ROOT, "flowmeter-train calibrate: threshold %.6f (was %.6f) flags %,d of %,d benign flows"
                + " (%.3f%%, target %s) of %d captures; written to %s%n", threshold, before, flagged,
                probabilities.length, 100.0 * flagged / probabilities.length, targetFpr, files.size(),
                model.resolve(ModelManifest.FILE));
        return 0;
    }
}
