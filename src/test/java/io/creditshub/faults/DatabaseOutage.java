package io.creditshub.faults;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Fault injection: a database outage the test switches on and off. The hub's DataSource
 * is wrapped; while the outage lasts every new connection is refused and every statement
 * on a connection already handed out fails with SQL state 08006 ("connection failure"),
 * as when PostgreSQL's backends are terminated or H2 closed the database: the transaction
 * in flight cannot even roll back. Nothing else of the hub is replaced. (On PostgreSQL
 * the real thing is also exercised: {@link DatabaseOutageIT} terminates the test schema's
 * backends.)
 */
@TestConfiguration(proxyBeanMethods = false)
public class DatabaseOutage {

	private static final Set<String> ALWAYS = Set.of("close", "isClosed", "unwrap", "isWrapperFor", "toString",
			"hashCode", "equals", "getMetaData");

	private volatile boolean down;

	private volatile String armedOn;

	/** Everything fails from now on. */
	public void start() {
		down = true;
	}

	/**
	 * The outage begins when a statement containing this text is prepared (e.g. in the
	 * middle of a file).
	 */
	public void startAt(String sqlFragment) {
		armedOn = sqlFragment;
	}

	public void end() {
		down = false;
		armedOn = null;
	}

	public boolean down() {
		return down;
	}

	@Bean
	static BeanPostProcessor databaseOutageWrapper(
			org.springframework.beans.factory.ObjectProvider<DatabaseOutage> outage) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof DataSource ds && "dataSource".equals(name)) {
					return wrap(ds, outage);
				}
				return bean;
			}
		};
	}

	static DataSource wrap(DataSource real, org.springframework.beans.factory.ObjectProvider<DatabaseOutage> outage) {
		return (DataSource) Proxy.newProxyInstance(DatabaseOutage.class.getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
					if (method.getName().equals("getConnection")) {
						DatabaseOutage o = outage.getIfAvailable();
						if (o != null && o.down) {
							throw new SQLTransientConnectionException(
									"Connection refused (fault injection: database down)", "08001");
						}
						Connection c = (Connection) invoke(real, method, args);
						return connection(c, outage);
					}
					return invoke(real, method, args);
				});
	}

	private static Connection connection(Connection real,
			org.springframework.beans.factory.ObjectProvider<DatabaseOutage> outage) {
		InvocationHandler h = (proxy, method, args) -> {
			DatabaseOutage o = outage.getIfAvailable();
			if (o != null && !ALWAYS.contains(method.getName())) {
				String armed = o.armedOn;
				if (armed != null && args != null && args.length > 0 && args[0] instanceof String sql
						&& sql.contains(armed)) {
					o.armedOn = null;
					o.down = true;
				}
				if (o.down) {
					throw new SQLException(
							"FATAL: terminating connection due to administrator command (fault injection)", "08006");
				}
			}
			return invoke(real, method, args);
		};
		return (Connection) Proxy.newProxyInstance(DatabaseOutage.class.getClassLoader(),
				new Class<?>[] { Connection.class }, h);
	}

	private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException e) {
			throw e.getCause();
		}
	}

}
