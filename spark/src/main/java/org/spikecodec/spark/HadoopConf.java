package org.spikecodec.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.deploy.SparkHadoopUtil;

/** The Hadoop configuration of this Spark process: its {@code spark.hadoop.*} settings (object store credentials, say) applied. */
final class HadoopConf {
    private HadoopConf() {}

    static Configuration current() {
        SparkEnv env = SparkEnv.get();
        return env == null ? new Configuration() : SparkHadoopUtil.get().newConfiguration(env.conf());
    }
}
