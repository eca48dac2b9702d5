package io.creditshub.intake;

import java.util.List;

/** Turns one kind of intake file into postings, inside the intake's transaction. */
interface FileLoader {

	FileKind kind();

	List<String> requiredColumns();

	/** The column that identifies a row in the rejects file. */
	String keyColumn();

	/**
	 * Posts the good rows and lists the bad ones in {@code rejects}. Runs inside the
	 * file's transaction: an exception rolls everything back. Throws
	 * {@link FileRejectedException} to refuse the whole file.
	 */
	LoadResult load(String orgId, long fileId, CsvInput csv, RejectsWriter rejects);

}
