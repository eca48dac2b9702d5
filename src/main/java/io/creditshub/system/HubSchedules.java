package io.creditshub.system;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.stereotype.Component;

/**
 * The Quartz scheduler behind the nightly routes (camel-quartz uses Spring Boot's
 * scheduler: in memory by default, the clustered JDBC job store with the postgres
 * profile). It starts only in a long-running {@code run}: a command such as
 * {@code balance} never joins the cluster and never fires a nightly batch.
 */
@Component
public class HubSchedules {

	private final Scheduler scheduler;

	HubSchedules(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	public void start() {
		try {
			if (!scheduler.isStarted() || scheduler.isInStandbyMode()) {
				scheduler.start();
			}
		}
		catch (SchedulerException e) {
			throw new IllegalStateException("cannot start the Quartz scheduler", e);
		}
	}

	public boolean clustered() {
		try {
			return scheduler.getMetaData().isJobStoreClustered();
		}
		catch (SchedulerException e) {
			throw new IllegalStateException(e);
		}
	}

	public Scheduler scheduler() {
		return scheduler;
	}

}
