package io.creditshub.intake;

import io.creditshub.config.CarrierProperties;
import io.creditshub.config.CarrierProperties.ArchiveMode;
import io.creditshub.carrier.CarrierRoutes;
import io.creditshub.carrier.Carriers;
import io.creditshub.system.DataFolders;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The carrier part of the intake (routes/intake-sftp.camel.yaml). Camel has downloaded
 * the remote file into the local work folder; {@link #run} hands it to the same
 * {@link IntakeService} as the inbox (checks, content hash, one transaction) and say in
 * the {@code creditsRemoteMoveTo} header where Camel moves the remote file once the
 * exchange completed: the carrier's archive folder, or its error folder for a file
 * refused whole. {@link #reportBack} then writes the notes the carrier gets beside it.
 */
@Component("carrierIntake")
public class CarrierIntakeRoutes {

	private static final Logger log = LoggerFactory.getLogger(CarrierIntakeRoutes.class);

	/**
	 * Header: where Camel moves the remote file after the exchange (its {@code move}
	 * option reads it).
	 */
	public static final String MOVE_TO = "creditsRemoteMoveTo";

	/**
	 * Header: the remote file's new place in the carrier's layout (archive/… or error/…).
	 */
	public static final String REMOTE_TARGET = "creditsRemoteTarget";

	/** Header: the carrier, set by the route template. */
	public static final String CARRIER = "creditsCarrier";

	private final IntakeService intake;

	private final Carriers carriers;

	private final CarrierRoutes routes;

	private final DataFolders folders;

	private final ProducerTemplate producer;

	public CarrierIntakeRoutes(IntakeService intake, Carriers carriers, CarrierRoutes routes, DataFolders folders,
			ProducerTemplate producer) {
		this.intake = intake;
		this.carriers = carriers;
		this.routes = routes;
		this.folders = folders;
		this.producer = producer;
	}

	/**
	 * A carrier's file of a kind (the kind's route calls it through
	 * {@link FileIntakeRoutes}).
	 */
	IntakeOutcome run(File file, FileKind kind, Message message) {
		Carriers.Feed feed = kind == FileKind.LICENSES ? Carriers.Feed.LICENSES : Carriers.Feed.CDR;
		CarrierProperties carrier = carriers.get(message.getHeader(CARRIER, String.class));
		// CamelFileName is the path below the polled folder: <org-id>/<file>
		String relative = message.getHeader(Exchange.FILE_NAME, String.class).replace('\\', '/');
		int slash = relative.indexOf('/');
		String orgFolder = slash > 0 ? relative.substring(0, slash) : "";
		Long modified = message.getHeader(Exchange.FILE_LAST_MODIFIED, Long.class);
		IntakeOutcome outcome = intake.processFetched(file.toPath(), kind, orgFolder,
				modified == null || modified <= 0 ? null : java.time.Instant.ofEpochMilli(modified));
		String target = remoteTarget(carrier, outcome);
		message.setHeader("creditsOrgId", outcome.orgId());
		message.setHeader("creditsStatus", outcome.status().name());
		message.setHeader(REMOTE_TARGET, target);
		message.setHeader(MOVE_TO, Carriers.moveTarget(feed.folder(carrier), target));
		log.info("carrier {}: {}/{} {} ({} posted, {} rejected); on the server it goes to {}", carrier.getName(),
				feed.folder(carrier), relative, outcome.status(), outcome.posted(), outcome.rejected(),
				carrier.getArchiveMode() == ArchiveMode.DELETE && outcome.status() != IntakeOutcome.Status.ERROR
						? "nowhere (archive-mode delete)" : target);
		return outcome;
	}

	/**
	 * The remote file's new path: the local archive/ or error/ layout, under the
	 * carrier's folders.
	 */
	private String remoteTarget(CarrierProperties carrier, IntakeOutcome outcome) {
		if (outcome.status() == IntakeOutcome.Status.ERROR) {
			return Carriers.join(carrier.getErrorFolder(), unix(folders.error().relativize(outcome.movedTo())));
		}
		return Carriers.join(carrier.getArchiveFolder(), unix(folders.archive().relativize(outcome.movedTo())));
	}

	/**
	 * Writes beside the remote file what the carrier should know:
	 * {@code <name>.reason.txt} for a file refused whole, {@code <name>.rejects.csv}
	 * (rows not posted) and {@code <name>.duplicate.txt} in the archive. With
	 * archive-mode delete only refused files are kept (a copy goes to the error folder).
	 * A note that cannot be written is logged and does not hold the file back: the hub's
	 * own archive/ and error/ keep every note.
	 */
	public void reportBack(IntakeOutcome outcome, Message message) {
		CarrierProperties carrier = carriers.get(message.getHeader(CARRIER, String.class));
		String target = message.getHeader(REMOTE_TARGET, String.class);
		Path local = outcome.movedTo();
		List<Path[]> notes = new ArrayList<>();
		boolean delete = carrier.getArchiveMode() == ArchiveMode.DELETE;
		switch (outcome.status()) {
			case ERROR -> {
				if (delete) {
					notes.add(new Path[] { local, Path.of(target) });
				}
				notes.add(new Path[] { sibling(local, ".reason.txt"), Path.of(target + ".reason.txt") });
			}
			case POSTED -> {
				if (!delete && outcome.rejected() > 0) {
					notes.add(new Path[] { sibling(local, ".rejects.csv"), Path.of(target + ".rejects.csv") });
				}
			}
			case DUPLICATE -> {
				if (!delete) {
					notes.add(new Path[] { sibling(local, ".duplicate.txt"), Path.of(target + ".duplicate.txt") });
				}
			}
			default -> {
			}
		}
		for (Path[] note : notes) {
			if (!Files.exists(note[0])) {
				continue;
			}
			String remote = Carriers.producerPath(unix(note[1]));
			try {
				producer.sendBodyAndHeader(routes.producer(carrier.getName()), note[0].toFile(), Exchange.FILE_NAME,
						remote);
			}
			catch (RuntimeException e) {
				log.warn("carrier {}: could not write {} on the server ({}); the hub keeps it at {}", carrier.getName(),
						remote, e.getMessage(), note[0]);
			}
		}
	}

	private static Path sibling(Path file, String suffix) {
		return file.resolveSibling(file.getFileName() + suffix);
	}

	private static String unix(Path p) {
		return p.toString().replace('\\', '/');
	}

}
