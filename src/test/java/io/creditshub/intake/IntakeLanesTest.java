package io.creditshub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.config.CreditsProperties;
import java.io.File;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: files of different organizations at once, the files of one organization one
 * after another.
 */
class IntakeLanesTest {

	final CamelContext camel = new DefaultCamelContext();

	@AfterEach
	void stop() {
		camel.stop();
	}

	IntakeLanes lanes(int concurrency) {
		CreditsProperties properties = new CreditsProperties();
		properties.getIntake().setConcurrency(concurrency);
		return new IntakeLanes(properties, camel);
	}

	static GenericFile<File> file(String folder, String relative) {
		GenericFile<File> f = new GenericFile<>();
		f.setEndpointPath(folder);
		f.setRelativeFilePath(relative);
		f.setAbsoluteFilePath(folder + "/" + relative);
		f.setFileName(relative);
		f.setDirectory(false);
		return f;
	}

	Exchange exchange(GenericFile<File> file) {
		Exchange e = new DefaultExchange(camel);
		e.getIn().setBody(file);
		return e;
	}

	static void complete(Exchange e) {
		List<Synchronization> done = e.getExchangeExtension().handoverCompletions();
		done.forEach(s -> s.onComplete(e));
	}

	@Test
	void aBusyOrganizationsNextFileWaitsOtherOrganizationsGoOn() throws Exception {
		IntakeLanes lanes = lanes(4);
		GenericFile<File> a1 = file("/home/inbox/cdr", "contoso/a1.csv");
		GenericFile<File> a2 = file("/home/inbox/cdr", "contoso/a2.csv");
		GenericFile<File> b1 = file("/home/inbox/cdr", "fabrikam/b1.csv");
		assertThat(lanes.accept(a1)).isTrue();
		Exchange first = exchange(a1);
		lanes.enter(first);
		assertThat(lanes.accept(a2)).as("contoso has a file in progress").isFalse();
		assertThat(lanes.accept(b1)).as("another organization").isTrue();
		assertThat(lanes.accept(file("/home/inbox/licenses", "contoso/users.csv"))).as("another kind").isTrue();
		complete(first);
		assertThat(lanes.accept(a2)).isTrue();
		assertThat(lanes.inProgress()).isZero();
		assertThat(lanes.peak()).isEqualTo(1);
	}

	@Test
	void filesWithoutAnOrganizationFolderShareTheirKindsLane() throws Exception {
		IntakeLanes lanes = lanes(4);
		Exchange rates = exchange(file("/home/inbox/rates", "r1.csv"));
		lanes.enter(rates);
		assertThat(lanes.accept(file("/home/inbox/rates", "r2.csv"))).isFalse();
		assertThat(lanes.accept(file("/home/inbox/funds", "f1.csv"))).isTrue();
		complete(rates);
		assertThat(lanes.accept(file("/home/inbox/rates", "r2.csv"))).isTrue();
	}

	@Test
	void noMoreFilesAtOnceThanTheConcurrency() throws Exception {
		IntakeLanes lanes = lanes(1);
		Exchange first = exchange(file("/home/inbox/cdr", "contoso/a1.csv"));
		lanes.enter(first);
		CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
			try {
				lanes.enter(exchange(file("/home/inbox/cdr", "fabrikam/b1.csv")));
			}
			catch (InterruptedException e) {
				throw new IllegalStateException(e);
			}
		});
		Thread.sleep(1500);
		assertThat(second).as("waits for a free place").isNotDone();
		complete(first);
		second.get(5, TimeUnit.SECONDS);
		assertThat(lanes.peak()).isEqualTo(1);
	}

	@Test
	void aDrainDoesNotOfferAFileTwice() {
		IntakeLanes lanes = lanes(2);
		GenericFile<File> a1 = file("/home/inbox/cdr", "contoso/a1.csv");
		lanes.beginPass();
		lanes.tried("/home/inbox/cdr/contoso/a1.csv");
		assertThat(lanes.accept(a1)).isFalse();
		assertThat(lanes.wasTried("/home/inbox/cdr/contoso/../contoso/a1.csv")).isTrue();
		lanes.endPass();
		assertThat(lanes.accept(a1)).isTrue();
	}

	@Test
	void directoriesAreAlwaysWalked() {
		GenericFile<File> dir = file("/home/inbox/cdr", "contoso");
		dir.setDirectory(true);
		assertThat(lanes(1).accept(dir)).isTrue();
	}

}
