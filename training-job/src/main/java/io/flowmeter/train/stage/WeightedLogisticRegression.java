package io.flowmeter.train.stage;

import io.flowmeter.model.stage.WeightedLogisticRegressionModel;
import io.flowmeter.model.stage.StageTables;
import io.flowmeter.model.stage.ScalerParams;
import io.flowmeter.train.solver.LogisticRegressionSolver;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.ml.api.Estimator;
import org.apache.flink.ml.classification.logisticregression.LogisticRegressionModelData;
import org.apache.flink.ml.common.param.HasMaxIter;
import org.apache.flink.ml.common.param.HasReg;
import org.apache.flink.ml.common.param.HasTol;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.util.ParamUtils;
import org.apache.flink.ml.util.ReadWriteUtils;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Class-weighted logistic regression (FlowMeter's model), trained in parallel: the rows are spread over the
 * subtasks by a hash of their values (so each run trains on the same partitions), each subtask fits its partition by Newton's method ({@link LogisticRegressionSolver}), and
 * the partition models are averaged, weighted by their rows. For the convex logistic loss on evenly spread rows,
 * the average is within sampling noise of the single-machine fit. The last feature must be the constant 1 (see
 * {@link ScalerParams#APPEND_CONSTANT}): its coefficient is the intercept.
 */
public final class WeightedLogisticRegression
        implements Estimator<WeightedLogisticRegression, WeightedLogisticRegressionModel>,
                ClassifierParams<WeightedLogisticRegression>, HasReg<WeightedLogisticRegression>,
                HasMaxIter<WeightedLogisticRegression>, HasTol<WeightedLogisticRegression> {

    private final Map<Param<?>, Object> paramMap = new HashMap<>();

    public WeightedLogisticRegression() {
        ParamUtils.initializeMapWithDefaultValues(paramMap, this);
        setReg(1e-4);
        setMaxIter(30);
        setTol(1e-7);
    }

    @Override
    public WeightedLogisticRegressionModel fit(Table... inputs) {
        StreamTableEnvironment tEnv = StageTables.environmentOf(inputs[0]);
        boolean balanced = BALANCED.equals(getClassWeight());
        double reg = getReg();
        int maxIter = getMaxIter();
        double tol = getTol();
        DataStream<PartitionFit> partitions = LabeledVector.of(inputs[0], getFeaturesCol(), getLabelCol())
                .partitionCustom((hash, count) -> Math.floorMod(hash, count), LabeledVector::contentHash)
                .transform("logistic regression per partition", TypeInformation.of(PartitionFit.class),
                        new EndOfInputOperator<LabeledVector, PartitionFit>(
                                rows -> PartitionFit.of(rows, balanced, reg, maxIter, tol)));
        DataStream<LogisticRegressionModelData> modelData = partitions
                .transform("average partition models", TypeInformation.of(LogisticRegressionModelData.class),
                        new EndOfInputOperator<PartitionFit, LogisticRegressionModelData>(
                                fits -> new LogisticRegressionModelData(new DenseVector(PartitionFit.average(fits)), 0L)))
                .setParallelism(1);
        WeightedLogisticRegressionModel model =
                new WeightedLogisticRegressionModel().setModelData(tEnv.fromDataStream(modelData));
        model.setFeaturesCol(getFeaturesCol()).setPredictionCol(getPredictionCol())
                .setRawPredictionCol(getRawPredictionCol());
        return model;
    }

    @Override
    public void save(String path) throws IOException {
        ReadWriteUtils.saveMetadata(this, path);
    }

    public static WeightedLogisticRegression load(StreamTableEnvironment tEnv, String path) throws IOException {
        return ReadWriteUtils.loadStageParam(path);
    }

    @Override
    public Map<Param<?>, Object> getParamMap() {
        return paramMap;
    }

    /** The coefficients one partition fitted, and how many rows it had. */
    public static class PartitionFit {
        public double[] coefficients;
        public long rows;

        public PartitionFit() {}

        static PartitionFit of(List<LabeledVector> vectors, boolean balanced, double reg, int maxIter, double tol) {
            vectors.sort(LabeledVector.BY_CONTENT);
            List<double[]> rows = new ArrayList<>(vectors.size());
            double[] labels = new double[vectors.size()];
            for (int i = 0; i < vectors.size(); i++) {
                rows.add(vectors.get(i).features);
                labels[i] = vectors.get(i).label;
            }
            double[] classWeights = balanced ? LogisticRegressionSolver.balancedClassWeights(labels) : new double[] {1, 1};
            PartitionFit fit = new PartitionFit();
            fit.coefficients = LogisticRegressionSolver.fit(rows, labels, classWeights, reg, maxIter, tol);
            fit.rows = rows.size();
            return fit;
        }

        static double[] average(List<PartitionFit> fits) {
            double[] sum = new double[fits.get(0).coefficients.length];
            long total = 0;
            for (PartitionFit fit : fits) {
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += fit.coefficients[j] * fit.rows;
                }
                total += fit.rows;
            }
            for (int j = 0; j < sum.length; j++) {
                sum[j] /= total;
            }
            return sum;
        }
    }
}
