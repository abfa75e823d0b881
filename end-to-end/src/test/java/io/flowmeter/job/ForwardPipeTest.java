package io.flowmeter.job;

import io.flowmeter.train.cli.TrainCli;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --forward-pcap} on a continuous input: benign traffic and a scan, merged by mergecap and piped by a real
 * tcpdump into {@code bin/flowmeter --input -} with a trained model. The rotating pcap files it commits hold
 * exactly the frames that the same capture read as an archive forwards, and the summary prints the share.
 */
class ForwardPipeTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots();

    @TempDir static Path shared;
    private static Path captures;
    private static Path model;

    @TempDir Path dir;

    @BeforeAll
    static void train() throws Exception {
        captures = TrainingCaptures.write(shared.resolve("captures"));
        model = shared.resolve("model");
        assertThat(TrainCli.run(System.out, System.err, TrainingCaptures.trainArguments(captures, model, "logistic")))
                .isZero();
    }

    @Test
    void capturesWithNothingFlaggedForwardNothingAndSaySo() throws Exception {
        Path forward = dir.resolve("forward");
        CliRun run = CliRun.of("--input", captures.resolve("benign-1.pcap").toString(), "--output",
                dir.resolve("flows").toString(), "--model", model.toString(), "--threshold", "1", "--forward-pcap",
                forward.toString(), "--no-progress");
        assertThat(run.exitStatus).as(run.toString()).isZero();
        assertThat(run.toString()).contains("flagged   0 of").contains("forwarded 0 of ");
        assertThat(ForwardedFrames.inPcaps(forward)).isEmpty();
    }

    @Test
    void frameForwardingFromAPipeForwardsWhatTheArchiveForwards() throws Exception {
        Path merged = dir.resolve("merged.pcap");
        Process mergecap = new ProcessBuilder("mergecap", "-F", "pcap", "-w", merged.toString(),
                captures.resolve("benign-1.pcap").toString(), captures.resolve("scan-1.pcap").toString(),
                captures.resolve("benign-2.pcap").toString()).inheritIO().start();
        assertThat(mergecap.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(mergecap.exitValue()).isZero();

        Path reference = dir.resolve("reference");
        CliRun archive = CliRun.of("--input", merged.toString(), "--output", dir.resolve("archive").toString(),
                "--model", model.toString(), "--forward-pcap", reference.toString(), "--no-progress");
        assertThat(archive.exitStatus).as(archive.toString()).isZero();
        List<String> expected = ForwardedFrames.inPcaps(reference);

        Path forward = dir.resolve("forward");
        Path log = dir.resolve("pipe.log");
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
                new ProcessBuilder("tcpdump", "--time-stamp-precision=nano", "-r", merged.toString(), "-w", "-")
                        .redirectError(ProcessBuilder.Redirect.DISCARD),
                new ProcessBuilder(JobProcess.command("--input", "-", "--output", dir.resolve("pipe").toString(),
                        "--model", model.toString(), "--forward-pcap", forward.toString(), "--no-progress"))
                        .redirectErrorStream(true).redirectOutput(log.toFile())));
        Process job = pipeline.get(1);
        assertThat(job.waitFor(3, TimeUnit.MINUTES)).as("the job ends with the pipe").isTrue();
        String printed = Files.readString(log);
        assertThat(job.exitValue()).as(printed).isZero();

        List<String> forwarded = ForwardedFrames.inPcaps(forward);
        System.out.printf("pipe forwarding: %d frames forwarded, %d from the archive%n", forwarded.size(),
                expected.size());
        assertThat(expected).as("the scan's frames").hasSizeGreaterThanOrEqualTo(300);
        assertThat(forwarded).isEqualTo(expected);
        assertThat(printed).containsPattern("forwarded " + String.format(java.util.Locale.ROOT, "%,d", expected.size())
                + " of [0-9,]+ packets");
    }
}
