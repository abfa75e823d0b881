package io.flowmeter.job.cli;

import io.flowmeter.job.CaptureSource;
import io.flowmeter.jobs.CaptureFlows;
import io.flowmeter.jobs.cli.Usage;

import org.apache.flink.core.fs.Path;

import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The capture source: files and directories to read once, or to watch. */
final class CaptureOptions {

    @Option(names = "--input", arity = "1..*", paramLabel = "PATH",
            description = "Capture files or directories to read (repeatable; several paths may follow one --input),"
                    + " or - alone for a pcap or pcapng stream on standard input (tcpdump -w - | ...), read until the"
                    + " pipe closes.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--watch",
            description = "Keep scanning the input directories and process each new capture once (for example the"
                    + " rotating files of tcpdump -G); runs until cancelled.")
    boolean watch;

    @Option(names = "--watch-interval", paramLabel = "SECONDS", defaultValue = "10",
            description = "How often --watch scans the inputs. Default: ${DEFAULT-VALUE}.")
    double watchIntervalSeconds = 10;

    @Option(names = "--watch-settle", paramLabel = "SECONDS", defaultValue = "10",
            description = "--watch reads a capture once it has not changed for this long. Default: ${DEFAULT-VALUE}.")
    double watchSettleSeconds = 10;

    @Option(names = "--shuffle",
            description = "Read each capture once, in one reading subtask, and shuffle packets to the flow subtasks."
                    + " By default every subtask reads every capture and keeps its own flows, which is fastest on a"
                    + " few cores; on many subtasks, --shuffle reads less. The same flows either way.")
    boolean shuffle;

    boolean given() {
        return !inputs.isEmpty();
    }

    /** Whether the input is standard input ({@code --input -}); an error when {@code -} is one input of several. */
    boolean pipe(Usage usage) {
        if (!inputs.contains(PIPE)) {
            return false;
        }
        if (inputs.size() > 1) {
            throw usage.error("--input - (standard input) cannot be mixed with other inputs");
        }
        if (watch || shuffle) {
            throw usage.error("--input - reads standard input until it closes: --watch and --shuffle do not apply");
        }
        return true;
    }

    private static final String PIPE = "-";

    /**
     * The inputs checked: missing and unreadable ones are reported on {@code err}, and it is an error when none is
     * left; no capture among them is only a warning.
     */
    InputResolver resolve(Usage usage, PrintStream err) {
        InputResolver resolved = InputResolver.resolve(inputs);
        resolved.problems.forEach(problem -> err.println("flowmeter: " + problem));
        if (resolved.readable.isEmpty()) {
            throw usage.error("no readable input among: " + String.join(" ", inputs));
        }
        if (resolved.captureFiles == 0) {
            err.println("flowmeter: warning: no capture files (*.pcap, *.pcapng, *.cap, *.dmp, .gz) in the inputs");
        }
        return resolved;
    }

    /** The source of the {@code resolved} inputs. */
    CaptureSource source(Usage usage, InputResolver resolved) {
        Set<Path> explicitFiles = new HashSet<>();
        resolved.files.forEach(file -> explicitFiles.add(FlowMeterCli.flinkPath(file)));
        List<Path> paths = resolved.readable.stream().map(FlowMeterCli::flinkPath).collect(Collectors.toList());
        return watch
                ? CaptureSource.watch(paths, explicitFiles, usage.seconds("--watch-interval", watchIntervalSeconds, false),
                        usage.seconds("--watch-settle", watchSettleSeconds, true))
                : CaptureSource.read(paths, explicitFiles,
                        shuffle ? CaptureFlows.Layout.SHUFFLED : CaptureFlows.Layout.SHARDED);
    }
}
