package io.creditshub.cli;

import io.creditshub.ledger.LedgerRepository;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "ledger", mixinStandardHelpOptions = true,
		description = "Write an organization's ledger as CSV to stdout, in posting order, with the running balance.")
class LedgerCommand implements Callable<Integer> {

	@ParentCommand
	HubCommand parent;

	@Parameters(paramLabel = "ORG", description = "organization id")
	String orgId;

	@Override
	public Integer call() {
		try (ConfigurableApplicationContext ctx = Launcher.start(parent.springArgs, true)) {
			if (Launcher.organization(ctx, orgId).isEmpty()) {
				return Launcher.NOT_FOUND;
			}
			OutputStreamWriter w = new OutputStreamWriter(parent.out, StandardCharsets.UTF_8);
			CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get());
			csv.printRecord("entry_id", "posted_at", "occurred_at", "type", "amount", "unfunded_amount", "currency",
					"balance_after", "lot_id", "usage_id", "reference", "file_id", "line", "unfunded_reason", "funding",
					"pool", "pool_minutes", "credits_due");
			BigDecimal[] running = { BigDecimal.ZERO };
			ctx.getBean(LedgerRepository.class).forEach(orgId, e -> {
				running[0] = running[0].add(e.amount());
				try {
					csv.printRecord(e.entryId(), e.postedAt(), e.occurredAt(), e.type(),
							Amounts.format(e.amount(), e.currency()), Amounts.format(e.unfundedAmount(), e.currency()),
							e.currency(), Amounts.format(running[0], e.currency()), e.lotId(), e.usageId(),
							e.reference(), e.fileId(), e.line(), e.unfundedReason(), e.funding(),
							e.poolType() == null ? null : e.poolType() + "/" + e.poolCountry() + "/" + e.poolMonth(),
							e.poolMinutes(),
							e.creditsDue() == null ? null : Amounts.format(e.creditsDue(), e.currency()));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			csv.flush();
			return Launcher.OK;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
