package io.flowmeter.train.eval;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training report: PNG charts drawn with XChart (ROC, precision-recall, confusion matrix, and the
 * benign-vs-malicious distributions of the most important features, like the profile plots in FlowMeter's docs)
 * and {@code report.html}, which shows them with the metrics.
 */
public final class TrainingReport {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 480;
    private static final int PROFILE_BINS = 40;

    private final Path directory;
    private final List<String> images = new ArrayList<>();
    private final List<Map.Entry<String, List<Map<String, Object>>>> tables = new ArrayList<>();

    public TrainingReport(Path directory) {
        System.setProperty("java.awt.headless", "true");
        this.directory = directory;
    }

    public TrainingReport roc(BinaryMetrics metrics) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format(Locale.ROOT, "ROC curve (AUC %.4f)", metrics.rocAuc()))
                .xAxisTitle("False-positive rate").yAxisTitle("True-positive rate (recall)").build();
        style(chart, Styler.LegendPosition.InsideSE);
        addLine(chart, "model", metrics.rocCurve(2000));
        addLine(chart, "chance", List.of(new double[] {0, 0}, new double[] {1, 1}));
        return save(chart, "roc.png");
    }

    /**
     * The ROC curve with the false-positive rate on a log scale from 10^-4: where a pre-filter works (a rate of 1 %
     * of a site's flows is already many alerts), which the linear chart squeezes into its left edge.
     */
    public TrainingReport rocLogScale(BinaryMetrics metrics) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("ROC curve, false-positive rate on a log scale")
                .xAxisTitle("False-positive rate (log scale)").yAxisTitle("True-positive rate (recall)").build();
        style(chart, Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisMin(1e-4);
        chart.getStyler().setXAxisMax(1.0);
        chart.getStyler().setXAxisDecimalPattern("0.####");
        List<double[]> points = new ArrayList<>();
        double floor = 1e-4;
        for (double[] p : metrics.rocCurve(Integer.MAX_VALUE)) {
            points.add(new double[] {Math.max(floor, p[0]), p[1]});
        }
        addLine(chart, "model", points);
        return save(chart, "roc-log.png");
    }

    /**
     * The reliability diagram: observed share of malicious flows against the mean predicted probability per tenth
     * of probability. Class-balanced training shifts probabilities up on mostly-benign data, so the curve shows how
     * far a probability is from a frequency, and the threshold, not 0.5, is the operating point.
     */
    public TrainingReport reliability(BinaryMetrics metrics) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Reliability (calibration) of the probabilities")
                .xAxisTitle("Mean predicted probability of malicious").yAxisTitle("Observed share malicious").build();
        style(chart, Styler.LegendPosition.InsideNW);
        List<double[]> points = new ArrayList<>();
        for (double[] p : metrics.reliability(10)) {
            points.add(new double[] {p[0], p[1]});
        }
        XYSeries series = chart.addSeries("model (tenths of probability)", points.stream().mapToDouble(p -> p[0])
                .toArray(), points.stream().mapToDouble(p -> p[1]).toArray());
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(6);
        addLine(chart, "perfectly calibrated", List.of(new double[] {0, 0}, new double[] {1, 1}));
        return save(chart, "reliability.png");
    }

    /** A table of rows (one map each, keys as its header) in the report, under {@code heading}. */
    public TrainingReport table(String heading, List<Map<String, Object>> rows) {
        if (!rows.isEmpty()) {
            tables.add(Map.entry(heading, rows));
        }
        return this;
    }

    public TrainingReport precisionRecall(BinaryMetrics metrics) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format(Locale.ROOT, "Precision-recall curve (average precision %.4f)", metrics.prAuc()))
                .xAxisTitle("Recall").yAxisTitle("Precision").build();
        style(chart, Styler.LegendPosition.InsideSW);
        addLine(chart, "model", metrics.precisionRecallCurve(2000));
        return save(chart, "precision-recall.png");
    }

    @SuppressWarnings("unchecked")
    public TrainingReport confusion(Map<String, Object> atThreshold) throws IOException {
        Map<String, Long> c = (Map<String, Long>) atThreshold.get("confusionMatrix");
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format(Locale.ROOT, "Confusion matrix at threshold %.4f",
                        (Double) atThreshold.get("threshold")))
                .xAxisTitle("Actual class").yAxisTitle("Flows").build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        List<String> classes = List.of("benign", "malicious");
        chart.addSeries("flagged (sent to deep inspection)", classes,
                List.of(c.get("falsePositives"), c.get("truePositives")));
        chart.addSeries("passed", classes, List.of(c.get("trueNegatives"), c.get("falseNegatives")));
        return save(chart, "confusion-matrix.png");
    }

    /**
     * The distribution of one feature for benign and malicious flows, as the share of each class per bin of
     * log10(1 + value): flow features span many orders of magnitude.
     */
    public TrainingReport profile(String feature, double[] benign, double[] malicious, int rank) throws IOException {
        double max = 0;
        for (double[] values : List.of(benign, malicious)) {
            for (double v : values) {
                max = Math.max(max, log(v));
            }
        }
        double width = max <= 0 ? 1 : max / PROFILE_BINS;
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Profile of " + feature + " by class")
                .xAxisTitle("log10(1 + " + feature + ")").yAxisTitle("Share of the class's flows").build();
        style(chart, Styler.LegendPosition.InsideNE);
        addLine(chart, "benign (" + benign.length + " flows)", histogram(benign, width));
        addLine(chart, "malicious (" + malicious.length + " flows)", histogram(malicious, width));
        return save(chart, String.format(Locale.ROOT, "profile-%d-%s.png", rank, feature.replaceAll("[^A-Za-z0-9]+", "_")));
    }

    private static double log(double v) {
        return Math.log10(1 + Math.max(0, v));
    }

    private static List<double[]> histogram(double[] values, double width) {
        double[] share = new double[PROFILE_BINS + 1];
        for (double v : values) {
            share[Math.min(PROFILE_BINS, (int) (log(v) / width))] += 1.0 / Math.max(1, values.length);
        }
        List<double[]> steps = new ArrayList<>();
        for (int i = 0; i <= PROFILE_BINS; i++) {
            steps.add(new double[] {i * width, share[i]});
            steps.add(new double[] {(i + 1) * width, share[i]});
        }
        return steps;
    }

    private static void style(XYChart chart, Styler.LegendPosition legend) {
        chart.getStyler().setLegendPosition(legend);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("0.0#");
        chart.getStyler().setYAxisDecimalPattern("0.0#");
    }

    private static void addLine(XYChart chart, String name, List<double[]> points) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }

    private TrainingReport save(Object chart, String file) throws IOException {
        Path path = directory.resolve(file);
        if (chart instanceof XYChart) {
            BitmapEncoder.saveBitmap((XYChart) chart, path.toString(), BitmapEncoder.BitmapFormat.PNG);
        } else {
            BitmapEncoder.saveBitmap((CategoryChart) chart, path.toString(), BitmapEncoder.BitmapFormat.PNG);
        }
        images.add(file);
        return this;
    }

    /** Writes {@code report.html}: the summary, the metrics, and every chart drawn so far. */
    public void html(String title, Map<String, String> summary, Map<String, Object> metrics) throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title>\n<style>body{font-family:sans-serif;max-width:1000px;"
                        + "margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px "
                        + "solid #ccc;padding:4px 10px;text-align:left}th{background:#f3f3f3}img{max-width:100%;"
                        + "border:1px solid #ddd;margin:0.5em 0}</style></head><body>\n");
        html.append("<h1>").append(escape(title)).append("</h1>\n<table>");
        summary.forEach((k, v) -> html.append("<tr><th>").append(escape(k)).append("</th><td>").append(escape(v))
                .append("</td></tr>"));
        html.append("</table>\n<h2>Metrics</h2>\n<table>");
        metrics.forEach((k, v) -> {
            boolean rows = v instanceof List && !((List<?>) v).isEmpty() && ((List<?>) v).get(0) instanceof Map;
            if (!(v instanceof Map) && !rows) {
                html.append("<tr><th>").append(escape(k)).append("</th><td>").append(escape(format(v)))
                        .append("</td></tr>");
            }
        });
        html.append("</table>\n");
        if (metrics.get("confusionMatrix") instanceof Map) {
            Map<?, ?> c = (Map<?, ?>) metrics.get("confusionMatrix");
            html.append("<h2>Confusion matrix (test flows)</h2>\n<table><tr><th></th><th>flagged</th><th>passed</th></tr>")
                    .append("<tr><th>malicious</th><td>").append(c.get("truePositives")).append("</td><td>")
                    .append(c.get("falseNegatives")).append("</td></tr><tr><th>benign</th><td>")
                    .append(c.get("falsePositives")).append("</td><td>").append(c.get("trueNegatives"))
                    .append("</td></tr></table>\n");
        }
        if (metrics.get("recallAtTargetFpr") instanceof Map) {
            Map<?, ?> point = (Map<?, ?>) metrics.get("recallAtTargetFpr");
            html.append("<p>On the test ROC curve: recall ").append(escape(format(point.get("recall"))))
                    .append(" at false-positive rate ").append(escape(format(point.get("falsePositiveRate"))))
                    .append(" (target ").append(escape(format(point.get("targetFalsePositiveRate")))).append(").</p>\n");
        }
        for (Map.Entry<String, List<Map<String, Object>>> table : tables) {
            html.append("<h2>").append(escape(table.getKey())).append("</h2>\n<table><tr>");
            for (String column : table.getValue().get(0).keySet()) {
                html.append("<th>").append(escape(column)).append("</th>");
            }
            html.append("</tr>");
            for (Map<String, Object> row : table.getValue()) {
                html.append("<tr>");
                row.values().forEach(v -> html.append("<td>").append(escape(v == null ? "" : format(v)))
                        .append("</td>"));
                html.append("</tr>");
            }
            html.append("</table>\n");
        }
        html.append("<h2>Charts</h2>\n");
        for (String image : images) {
            html.append("<p><img src=\"").append(escape(image)).append("\" alt=\"").append(escape(image))
                    .append("\"></p>\n");
        }
        html.append("</body></html>\n");
        Files.write(directory.resolve("report.html"), html.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String format(Object value) {
        if (value instanceof Double) {
            return String.format(Locale.ROOT, "%.6f", (Double) value);
        }
        return String.valueOf(value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    public List<String> images() {
        return images;
    }
}
