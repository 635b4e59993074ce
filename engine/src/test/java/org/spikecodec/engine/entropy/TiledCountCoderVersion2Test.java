package org.spikecodec.engine.entropy;

/** The cases of {@link TiledCountCoderTest} on format version 2 (blocks without chunk flags), which is still read. */
class TiledCountCoderVersion2Test extends TiledCountCoderTest {
    @Override
    int version() { return TiledCountCoder.VERSION_BLOCKS; }
}
