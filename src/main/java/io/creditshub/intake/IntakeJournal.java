package io.creditshub.intake;

import java.util.List;
import org.springframework.stereotype.Service;

/** Read access to the intake journal for the command line. */
@Service
public class IntakeJournal {

	private final IngestFileRepository journal;

	IntakeJournal(IngestFileRepository journal) {
		this.journal = journal;
	}

	public List<Entry> recent(int limit) {
		return journal.recent(limit)
			.stream()
			.map(r -> new Entry(r.fileId(), r.kind(), r.orgId(), r.fileName(), r.status(), r.rows(), r.posted(),
					r.rejected(), r.detail(), r.processedAt(), r.location(), r.flag(), r.licenseTime()))
			.toList();
	}

	public record Entry(long fileId, String kind, String orgId, String fileName, String status, int rows, int posted,
			int rejected, String detail, java.time.Instant processedAt, String location, String flag,
			String licenseTime) {
	}

}
