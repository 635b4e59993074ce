package org.spikecodec.spark;

import org.apache.spark.sql.SparkSession;

/** A Spark session for the tests: on the loopback interface, no UI, few shuffle partitions. */
final class LocalSpark {
    private LocalSpark() {}

    static SparkSession start(String master) {
        return SparkSession.builder().master(master).appName("spikecodec-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }
}
