package io.creditshub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.audit.EmbeddedDatabaseSpace.Space;
import org.junit.jupiter.api.Test;

class EmbeddedDatabaseSpaceTest {

	@Test
	void aFileMostlyFreeAndAtLeastAGigabyteFreeIsWorthACompact() {
		// the 1,000,000-call benchmark file on H2: 4.1 GB, 17 % full
		Space big = new Space(4_141_133_824L, 17);
		assertThat(big.freeBytes()).isEqualTo(41_411_338L * 83);
		assertThat(big.worthCompacting()).isTrue();
		assertThat(big.hint()).startsWith("The embedded database's file is 4.1 GB, 83 % of it free space")
			.contains("`compact` with the hub stopped");
	}

	@Test
	void notWorthItWhenMostlyFullOrWhenLittleIsFree() {
		assertThat(new Space(10_000_000_000L, 60).worthCompacting()).as("6 GB free, but most of the file is data")
			.isFalse();
		assertThat(new Space(1_500_000_000L, 40).worthCompacting()).as("60 % free, but only 0.9 GB").isFalse();
		assertThat(new Space(100_000_000L, 1).worthCompacting()).as("a small file").isFalse();
	}

}
