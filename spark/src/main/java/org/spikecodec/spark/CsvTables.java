package org.spikecodec.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.spikecodec.evaluator.Csv;

/**
 * The run's CSV tables (records.csv, critical.csv, compressed.csv), written by the driver as a local run writes them,
 * as Spark tables with an explicit schema: a column's type comes from its name (the writers' headers), every other
 * column is a string, an empty cell is null. Rows are built as {@link Row}s: Spark's bean encoders do not take Java
 * records.
 */
public final class CsvTables {
    private CsvTables() {}

    private static final Map<String, DataType> TYPES = Map.ofEntries(
            Map.entry("label", DataTypes.IntegerType), Map.entry("top1", DataTypes.IntegerType), Map.entry("reference_top1", DataTypes.IntegerType),
            Map.entry("target_bpp", DataTypes.DoubleType), Map.entry("bpp", DataTypes.DoubleType), Map.entry("file_bpp", DataTypes.DoubleType),
            Map.entry("psnr", DataTypes.DoubleType), Map.entry("ssim", DataTypes.DoubleType), Map.entry("p_reference", DataTypes.DoubleType),
            Map.entry("critical_bpp", DataTypes.DoubleType), Map.entry("top5_correct", DataTypes.BooleanType), Map.entry("correct", DataTypes.BooleanType),
            Map.entry("bytes", DataTypes.LongType), Map.entry("width", DataTypes.IntegerType), Map.entry("height", DataTypes.IntegerType));

    /** The schema of a CSV table with this header. */
    public static StructType schema(List<String> header) {
        List<StructField> fields = new ArrayList<>();
        for (String name : header) fields.add(DataTypes.createStructField(name, TYPES.getOrDefault(name, DataTypes.StringType), true));
        return DataTypes.createStructType(fields);
    }

    /** {@code csv} (a header line, then rows as {@link Csv} writes them) as a Spark table. */
    public static Dataset<Row> read(SparkSession spark, Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) throw new IOException(csv + " is empty (no header)");
        StructType schema = schema(Csv.split(lines.get(0)));
        List<Row> rows = new ArrayList<>(lines.size() - 1);
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = Csv.split(line);
            if (cells == null || cells.size() != schema.size()) throw new IOException(csv + ": malformed row: " + line);
            Object[] values = new Object[cells.size()];
            for (int i = 0; i < values.length; i++) values[i] = value(cells.get(i), schema.fields()[i].dataType());
            rows.add(RowFactory.create(values));
        }
        return spark.createDataFrame(rows, schema);
    }

    /** Writes {@code csv} as a Parquet table at {@code parquet} (a path or URI Spark writes to), replacing it. */
    public static void toParquet(SparkSession spark, Path csv, String parquet) throws IOException {
        read(spark, csv).coalesce(1).write().mode(SaveMode.Overwrite).parquet(parquet);
    }

    private static Object value(String cell, DataType type) {
        if (cell.isEmpty()) return null;
        if (type == DataTypes.IntegerType) return Integer.parseInt(cell);
        if (type == DataTypes.LongType) return Long.parseLong(cell);
        if (type == DataTypes.DoubleType) return Double.parseDouble(cell); // NaN and Infinity as the writers spell them
        if (type == DataTypes.BooleanType) return Boolean.parseBoolean(cell);
        return cell;
    }
}
