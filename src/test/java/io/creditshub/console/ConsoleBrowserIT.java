package io.creditshub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.creditshub.intake.IntakeOutcome;
import io.creditshub.support.HubIntegrationTest;
import io.creditshub.support.MutableClock;
import io.creditshub.support.TestClockConfiguration;
import io.creditshub.system.Samples;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The web console in a real headless Chromium (Debian's chromium and chromedriver;
 * .ci/run installs them; nothing is downloaded at run time), on a hub with the samples
 * loaded, on a random port. Takes the screenshots of docs/console/. Skipped, with a
 * message, only when chromedriver is not installed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
@TestPropertySource(properties = { "credits.api.users[0].name=operator", "credits.api.users[0].secret=op-pass",
		"credits.api.users[0].role=operator", "credits.api.users[1].name=admin-contoso",
		"credits.api.users[1].secret=c-pass", "credits.api.users[1].orgs[0]=contoso",
		"credits.api.users[2].name=admin-fabrikam", "credits.api.users[2].secret=f-pass",
		"credits.api.users[2].orgs[0]=fabrikam", "credits.recharge.immediate=false" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.condition.EnabledIf(value = "browserInstalled",
		disabledReason = "console browser tests skipped: no /usr/bin/chromium and /usr/bin/chromedriver "
				+ "(apt-get install chromium chromium-driver, as .ci/run does)")
class ConsoleBrowserIT extends HubIntegrationTest {

	static final Path CHROMEDRIVER = Path.of(System.getProperty("credits.test.chromedriver", "/usr/bin/chromedriver"));

	static final Path CHROMIUM = Path.of(System.getProperty("credits.test.chromium", "/usr/bin/chromium"));

	/**
	 * Where the screenshots go: target/console-screenshots, or docs/console (those of
	 * docs/console.md) with -Dcredits.console.screenshots=docs/console; a CI run leaves
	 * the committed ones alone.
	 */
	static final Path SHOTS = Path.of(System.getProperty("credits.console.screenshots", "target/console-screenshots"));

	/**
	 * Two carriers: one the hub may connect to, one whose host key changed (never
	 * connects).
	 */
	static final io.creditshub.support.EmbeddedSftpServer SFTP = new io.creditshub.support.EmbeddedSftpServer();

	@org.springframework.test.context.DynamicPropertySource
	static void carriers(org.springframework.test.context.DynamicPropertyRegistry registry) throws IOException {
		Path home = SFTP.userWithPassword("carrier", "s3cret");
		Files.createDirectories(home.resolve("cdr/contoso"));
		Files.writeString(home.resolve("cdr/contoso/PSTN.calls.waiting.csv"), "UsageId\r\n");
		SFTP.start();
		String[][] carriers = { { "acme-telecom", SFTP.knownHosts().toString() },
				{ "mallory-telecom", SFTP.knownHostsWithAnotherKey().toString() } };
		for (int i = 0; i < carriers.length; i++) {
			String p = "credits.carriers[" + i + "].";
			String name = carriers[i][0], knownHosts = carriers[i][1];
			registry.add(p + "name", () -> name);
			registry.add(p + "host", () -> "127.0.0.1");
			registry.add(p + "port", SFTP::port);
			registry.add(p + "user", () -> "carrier");
			registry.add(p + "password", () -> "s3cret");
			registry.add(p + "known-hosts-file", () -> knownHosts);
			registry.add(p + "licenses-folder", () -> "");
			registry.add(p + "outbound-folder", () -> "");
			registry.add(p + "connect-timeout", () -> "5s");
			registry.add(p + "connect-attempts", () -> "1");
		}
	}

	static boolean browserInstalled() {
		boolean installed = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
		if (!installed) {
			System.err.println("ConsoleBrowserIT SKIPPED: no " + CHROMEDRIVER + " / " + CHROMIUM
					+ " (apt-get install chromium chromium-driver, as .ci/run does)");
		}
		return installed;
	}

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	WebDriver driver;

	Path downloads;

	long refusedFileId;

	@BeforeAll
	void hubAndBrowser() throws IOException {
		assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
				"console browser tests skipped: no " + CHROMEDRIVER + " / " + CHROMIUM
						+ " (apt-get install chromium chromium-driver, as .ci/run does)");
		clock.set("2025-03-20T12:00:00Z"); // the samples' month: contoso's first lot
											// expires in 25 days
		Samples.copyInto(folders.inbox());
		drain();
		// a CDR file of an organization the hub does not know yet: refused whole, to be
		// re-driven by the operator
		drop("cdr/newco/PSTN.calls.newco.csv", teamsExport("n-1,user_out,+12065550100,2025-03-03T08:00:00Z,60"));
		List<IntakeOutcome> refused = drain();
		assertThat(refused).singleElement().extracting(IntakeOutcome::status).isEqualTo(IntakeOutcome.Status.ERROR);
		refusedFileId = jdbc.sql("SELECT MAX(file_id) FROM ingest_file WHERE status = 'ERROR'")
			.query(Long.class)
			.single();

		downloads = Files.createTempDirectory("console-downloads");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=1280,900", "--lang=en-US", "--hide-scrollbars");
		Map<String, Object> prefs = new HashMap<>();
		prefs.put("download.default_directory", downloads.toString());
		prefs.put("download.prompt_for_download", false);
		options.setExperimentalOption("prefs", prefs);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			// the viewer's time zone differs from UTC: console.js must convert, with UTC
			// on hover
			.withEnvironment(Map.of("TZ", "Europe/Berlin"))
			.build();
		driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		Files.createDirectories(SHOTS);
	}

	@AfterAll
	void quit() {
		if (driver != null) {
			driver.quit();
		}
		SFTP.close();
	}

	String url(String path) {
		return "http://localhost:" + port + path;
	}

	void open(String path) {
		driver.get(url(path));
	}

	void login(String user, String password) {
		driver.manage().deleteAllCookies();
		open("/console/login");
		driver.findElement(By.id("username")).sendKeys(user);
		driver.findElement(By.id("password")).sendKeys(password);
		submit(By.cssSelector("main form button[type=submit]"));
	}

	/** Clicks what submits a form or follows a link, and waits for the next page. */
	void submit(WebElement element) {
		WebElement old = driver.findElement(By.tagName("html"));
		element.click();
		waitForNextPage(old);
	}

	void waitForNextPage(WebElement old) {
		new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
			try {
				old.isEnabled();
				return false;
			}
			catch (WebDriverException gone) { // stale, or Chrome's "node does not belong
												// to the document"
				return true;
			}
		});
	}

	void submit(By by) {
		submit(driver.findElement(by));
	}

	/**
	 * Clicks a button that asks first (data-confirm), says yes, and waits for the next
	 * page.
	 */
	void confirm(WebElement element) {
		WebElement old = driver.findElement(By.tagName("html"));
		element.click();
		new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent()).accept();
		waitForNextPage(old);
	}

	/**
	 * Every visible input, select and button of the page has a name a screen reader can
	 * say (a label or its text).
	 */
	void everyInputIsLabelled() {
		@SuppressWarnings("unchecked")
		List<String> unlabelled = (List<String>) ((JavascriptExecutor) driver).executeScript("""
				return Array.from(document.querySelectorAll('input, select, button'))
				  .filter(e => e.type !== 'hidden')
				  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
				  .map(e => e.outerHTML);""");
		assertThat(unlabelled).as(driver.getCurrentUrl()).isEmpty();
	}

	String text(String css) {
		return driver.findElement(By.cssSelector(css)).getText();
	}

	String page() {
		return driver.findElement(By.tagName("body")).getText();
	}

	void shot(String name) throws IOException {
		byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
		Files.write(SHOTS.resolve(name + ".png"), png);
	}

	/** Makes the window as tall as the page, for a screenshot of all of it. */
	void fullHeight(int width) {
		driver.manage().window().setSize(new Dimension(width, 900));
		long height = (Long) ((JavascriptExecutor) driver)
			.executeScript("return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight");
		driver.manage().window().setSize(new Dimension(width, (int) Math.min(Math.max(height, 600), 2400)));
	}

	void laptop() {
		driver.manage().window().setSize(new Dimension(1280, 900));
	}

	HttpResponse<String> http(String method, String path, String form) throws Exception {
		String session = driver.manage().getCookieNamed("JSESSIONID").getValue();
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).header("Cookie", "JSESSIONID=" + session);
		if (form != null) {
			b.header("Content-Type", "application/x-www-form-urlencoded")
				.method(method, HttpRequest.BodyPublishers.ofString(form));
		}
		return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	@Order(1)
	void aPageNeedsALoginAndAWrongPasswordIsRefused() throws IOException {
		driver.manage().deleteAllCookies();
		open("/console/orgs/contoso");
		assertThat(driver.getCurrentUrl()).endsWith("/console/login");
		assertThat(driver.findElement(By.cssSelector("label[for=username]")).getText()).isEqualTo("User name");
		shot("login");
		login("admin-contoso", "wrong");
		assertThat(text("[role=alert]")).isEqualTo("Wrong user name or password.");
		everyInputIsLabelled();
	}

	@Test
	@Order(2)
	void anAdminSeesTheBalanceLotsWarningsAndAutoRecharge() throws IOException {
		// with the keyboard only: the user name field has the focus, Tab to the password,
		// Enter sends
		driver.manage().deleteAllCookies();
		open("/console/login");
		WebElement html = driver.findElement(By.tagName("html"));
		driver.switchTo().activeElement().sendKeys("admin-contoso", org.openqa.selenium.Keys.TAB);
		driver.switchTo().activeElement().sendKeys("c-pass", org.openqa.selenium.Keys.ENTER);
		waitForNextPage(html);
		assertThat(driver.getCurrentUrl()).endsWith("/console/orgs/contoso");
		assertThat(text("#balance")).isEqualTo("104.65 USD");
		assertThat(text("#state")).isEqualTo("active");
		List<WebElement> lots = driver.findElements(By.cssSelector("#lots tbody tr"));
		assertThat(lots).hasSize(2);
		// soonest expiry first: 2025-04-15T09:30Z is 25 days (and 21.5 hours) after the
		// clock's 2025-03-20T12:00Z
		assertThat(lots.get(0).getText()).contains("PO-2024-0415", "25", "5.00 USD", "4.65 USD",
				"expires within 30 days");
		assertThat(text("#expiry-warning")).startsWith("1 lot(s) with money left expire soon");
		// dates in the viewer's zone (Europe/Berlin: 10:30 CET), UTC on hover
		WebElement expires = lots.get(0).findElements(By.tagName("time")).get(1);
		assertThat(expires.getAttribute("datetime")).isEqualTo("2025-04-15T09:30:00Z");
		assertThat(expires.getAttribute("title")).isEqualTo("2025-04-15 09:30 UTC (your time zone: Europe/Berlin)");
		assertThat(expires.getText()).contains("11:30").doesNotContain("UTC"); // CEST
																				// from 30
																				// March
		assertThat(text("#recharge-status")).isEqualTo("on");
		assertThat(text("#recharge-trigger")).isEqualTo("10.00 USD");
		everyInputIsLabelled();
		fullHeight(1280);
		shot("overview");
		driver.manage().window().setSize(new Dimension(390, 844));
		fullHeight(390);
		shot("overview-phone");
		laptop();
	}

	@Test
	@Order(3)
	void callsAreFilteredByUserAndHowTheyWerePaid() throws IOException {
		login("admin-contoso", "c-pass");
		open("/console/orgs/contoso/calls?month=2025-03");
		assertThat(text("#calls-count")).isEqualTo("1–11 of 11 call(s)");
		everyInputIsLabelled();
		driver.findElement(By.id("user")).sendKeys("EVE.DIAZ@contoso.com");
		new Select(driver.findElement(By.id("paidBy"))).selectByValue("unfunded");
		submit(By.id("filter"));
		assertThat(text("#calls-count")).isEqualTo("1–2 of 2 call(s)");
		assertThat(text("#calls")).contains("no Communications Credits license", "1.00 USD");
		new Select(driver.findElement(By.id("paidBy"))).selectByValue("pool");
		driver.findElement(By.id("user")).clear();
		submit(By.id("filter"));
		assertThat(text("#calls-count")).isEqualTo("1–4 of 4 call(s)");
		assertThat(text("#calls")).contains("DOMESTIC/US/2025-03, 2 min");
		new Select(driver.findElement(By.id("paidBy"))).selectByValue("");
		submit(By.id("filter"));
		// the rows of a page sort by a column, with the keyboard too
		WebElement duration = driver.findElement(By.xpath("//table[@id='calls']//th/button[text()='Duration']"));
		duration.sendKeys(org.openqa.selenium.Keys.ENTER);
		duration.sendKeys(org.openqa.selenium.Keys.ENTER);
		assertThat(driver.findElement(By.cssSelector("#calls tbody tr td:nth-child(6)")).getText()).isEqualTo("30:00");
		assertThat(driver.findElement(By.xpath("//table[@id='calls']//th[button[text()='Duration']]"))
			.getAttribute("aria-sort")).isEqualTo("descending");
		fullHeight(1280);
		shot("calls");
		laptop();
		open("/console/orgs/contoso/calls?month=2025-05");
		assertThat(text("#no-calls")).startsWith("No calls match");
	}

	@Test
	@Order(4)
	void autoRechargeIsValidatedNextToTheFieldsThenSaved() throws IOException {
		login("admin-contoso", "c-pass");
		open("/console/orgs/contoso/auto-recharge");
		WebElement trigger = driver.findElement(By.id("triggerAmount"));
		trigger.clear();
		trigger.sendKeys("12.345");
		WebElement amount = driver.findElement(By.id("rechargeAmount"));
		amount.clear();
		amount.sendKeys("5");
		submit(By.id("save"));
		assertThat(text("#triggerAmount-error")).isEqualTo("USD amounts have at most 2 decimals.");
		assertThat(text("[role=alert]")).startsWith("Nothing was changed");
		assertThat(driver.findElement(By.id("triggerAmount")).getAttribute("value")).isEqualTo("12.345");
		everyInputIsLabelled();
		shot("auto-recharge-error");
		driver.findElement(By.id("triggerAmount")).clear();
		driver.findElement(By.id("triggerAmount")).sendKeys("20");
		submit(By.id("save"));
		assertThat(text("#rechargeAmount-error")).isEqualTo("Must be at least the trigger amount (20.00 USD).");
		driver.findElement(By.id("rechargeAmount")).clear();
		driver.findElement(By.id("rechargeAmount")).sendKeys("60");
		submit(By.id("save"));
		assertThat(driver.getCurrentUrl()).endsWith("/console/orgs/contoso");
		assertThat(text("[role=status]")).isEqualTo("Auto-recharge settings saved.");
		assertThat(text("#recharge-trigger")).isEqualTo("20.00 USD");
		assertThat(text("#recharge-amount")).isEqualTo("60.00 USD");
		assertThat(jdbc.sql("SELECT recharge_amount FROM organization WHERE org_id = 'contoso'")
			.query(BigDecimal.class)
			.single()).isEqualByComparingTo("60.00");
	}

	@Test
	@Order(5)
	void theMonthsWorkbookDownloadsAndOpensWithPoi() throws Exception {
		login("admin-contoso", "c-pass");
		WebElement month = driver.findElement(By.id("wb-month"));
		((JavascriptExecutor) driver).executeScript("arguments[0].value = '2025-03'", month);
		driver.findElement(By.id("download")).click();
		Path file = downloads.resolve("contoso-usage-2025-03.xlsx");
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file) && Files.size(file) > 0);
		try (InputStream in = Files.newInputStream(file); Workbook wb = WorkbookFactory.create(in)) {
			assertThat(wb.getSheetName(0)).isEqualTo("Summary");
			assertThat(wb.getSheet("Calls").getLastRowNum()).isEqualTo(11);
			assertThat(wb.getSheet("Calls").getRow(1).getCell(21).getStringCellValue()).isEqualTo("POOL");
		}
	}

	@Test
	@Order(6)
	void poolsDailySpendAndForecast() throws IOException {
		login("admin-contoso", "c-pass");
		open("/console/orgs/contoso/usage?month=2025-03");
		assertThat(driver.findElements(By.cssSelector("#pools meter"))).isNotEmpty();
		assertThat(text("#pools")).contains("conferencing", "30 of 120 min used");
		everyInputIsLabelled();
		assertThat(driver.findElement(By.id("spend-chart")).getAttribute("aria-label"))
			.isEqualTo("Daily spend: 0.35 USD paid, 1.04 USD unfunded");
		fullHeight(1280);
		shot("usage");
		laptop();
		// one day of spend in 90: the 95th percentile day is 0, nothing to recommend
		confirm(driver.findElement(By.id("apply-forecast")));
		assertThat(text("[role=alert]")).isEqualTo("Not enough spend in the last 90 days to recommend settings.");
	}

	@Test
	@Order(7)
	void aSuspendedOrganizationSaysSoAndWhatToDo() {
		login("admin-fabrikam", "f-pass");
		assertThat(driver.getCurrentUrl()).endsWith("/console/orgs/fabrikam");
		assertThat(text("#balance")).isEqualTo("0.00 EUR");
		assertThat(text("#state")).isEqualTo("suspended");
		assertThat(page()).contains("Calls are blocked at the carrier until funds are added.",
				"No funds left. An operator adds funds (Operator page), or turn on auto-recharge.");
		open("/console/orgs");
		assertThat(driver.findElements(By.cssSelector("main tbody tr"))).singleElement()
			.extracting(WebElement::getText)
			.asString()
			.contains("fabrikam", "Fabrikam GmbH", "suspended", "0.00 EUR");
	}

	@Test
	@Order(7)
	void anAdminOfAnotherOrganizationGets403EvenByChangingTheUrl() throws Exception {
		login("admin-contoso", "c-pass");
		for (String path : new String[] { "/console/orgs/fabrikam", "/console/orgs/fabrikam/calls?month=2025-03",
				"/console/orgs/fabrikam/auto-recharge", "/console/orgs/fabrikam/workbook?month=2025-03" }) {
			open(path);
			assertThat(text("h1")).as(path).isEqualTo("403 Forbidden");
			assertThat(page()).contains("You are not an admin of organization 'fabrikam'");
			assertThat(http("GET", path, null).statusCode()).as(path).isEqualTo(403);
		}
		shot("forbidden");
		open("/console/operator");
		assertThat(page()).contains("This page needs the operator role.");
		assertThat(http("GET", "/console/finance", null).statusCode()).isEqualTo(403);
		// a changed id on a form: refused too, and nothing changed
		open("/console/orgs/contoso/auto-recharge");
		((JavascriptExecutor) driver)
			.executeScript("document.getElementById('recharge-form').action = '/console/orgs/fabrikam/auto-recharge'");
		submit(By.id("save"));
		assertThat(text("h1")).isEqualTo("403 Forbidden");
		assertThat(jdbc.sql("SELECT auto_recharge FROM organization WHERE org_id = 'fabrikam'")
			.query(Boolean.class)
			.single()).isFalse();
		// no stack trace on an unknown page, a bad parameter
		open("/console/orgs/contoso/nosuch");
		assertThat(text("h1")).isEqualTo("404 Not Found");
		// the console's page, not the API's problem detail
		// (spring.mvc.problemdetails.enabled, issue 12)
		HttpResponse<String> missing = http("GET", "/console/orgs/contoso/nosuch", null);
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.headers().firstValue("Content-Type"))
			.hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
		assertThat(missing.body()).contains("There is no such page in the console.").doesNotContain("\"status\"");
		open("/console/orgs/contoso/calls?month=March");
		assertThat(text("h1")).isEqualTo("400 Bad Request");
		assertThat(page()).doesNotContain("Exception", "at io.");
	}

	@Test
	@Order(8)
	void aFormWithoutItsCsrfTokenIsRefused() throws Exception {
		login("admin-contoso", "c-pass");
		open("/console/orgs/contoso/auto-recharge");
		((JavascriptExecutor) driver)
			.executeScript("document.querySelector('#recharge-form input[name=_csrf]').remove()");
		driver.findElement(By.id("triggerAmount")).clear();
		driver.findElement(By.id("triggerAmount")).sendKeys("30");
		submit(By.id("save"));
		assertThat(text("h1")).isEqualTo("403 Forbidden");
		assertThat(page()).contains("carried no valid security token");
		HttpResponse<String> post = http("POST", "/console/orgs/contoso/auto-recharge",
				"enabled=true&triggerAmount=40&rechargeAmount=80");
		assertThat(post.statusCode()).isEqualTo(403);
		assertThat(jdbc.sql("SELECT trigger_amount FROM organization WHERE org_id = 'contoso'")
			.query(BigDecimal.class)
			.single()).isEqualByComparingTo("20.00");
	}

	@Test
	@Order(9)
	void logoutEndsTheSession() {
		login("admin-contoso", "c-pass");
		submit(By.xpath("//button[text()='Log out']"));
		assertThat(driver.getCurrentUrl()).endsWith("/console/login?logout");
		assertThat(text("[role=status]")).isEqualTo("You are logged out.");
		open("/console/orgs/contoso");
		assertThat(driver.getCurrentUrl()).endsWith("/console/login");
	}

	@Test
	@Order(10)
	void anOperatorReDrivesARefusedFileAndSeesItPosted() throws IOException {
		drop("accounts/accounts-newco.csv", """
				Organization Id,Name,Currency,Country,Admin Emails,Finance Emails
				newco,NewCo LLC,USD,US,admin@newco.example,
				""");
		drain();
		login("operator", "op-pass");
		assertThat(driver.getCurrentUrl()).endsWith("/console/operator");
		WebElement row = driver.findElement(By.id("file-" + refusedFileId));
		assertThat(row.getText()).contains("PSTN.calls.newco.csv", "ERROR", "unknown organization 'newco'");
		confirm(row.findElement(By.tagName("button")));
		assertThat(text("[role=status]")).startsWith("File " + refusedFileId + " is back in the inbox");
		List<IntakeOutcome> again = drain();
		assertThat(again).singleElement().extracting(IntakeOutcome::status).isEqualTo(IntakeOutcome.Status.POSTED);
		open("/console/operator");
		WebElement latest = driver.findElement(By.cssSelector("#files-table tbody tr"));
		assertThat(latest.getText()).contains("newco", "PSTN.calls.newco.csv", "POSTED");
		assertThat(driver.findElements(By.id("redrive-" + refusedFileId))).isEmpty();
		assertThat(text("#reconcile h2")).contains("all balanced");
		assertThat(text("#audit h2")).contains("books match the data folder");
		everyInputIsLabelled();
	}

	@Test
	@Order(11)
	void anOperatorAddsFundsValidatedAndOnce() {
		login("operator", "op-pass");
		new Select(driver.findElement(By.id("orgId"))).selectByValue("fabrikam");
		driver.findElement(By.id("amount")).sendKeys("1.001");
		submit(By.id("add-funds"));
		assertThat(text("#amount-error")).isEqualTo("EUR amounts have at most 2 decimals.");
		assertThat(text("#reference-error")).startsWith("Required");
		for (int i = 0; i < 2; i++) {
			new Select(driver.findElement(By.id("orgId"))).selectByValue("fabrikam");
			driver.findElement(By.id("amount")).clear();
			driver.findElement(By.id("amount")).sendKeys("25.00");
			driver.findElement(By.id("reference")).clear();
			driver.findElement(By.id("reference")).sendKeys("PO-CONSOLE-1");
			submit(By.id("add-funds"));
		}
		assertThat(text("[role=status]")).startsWith("Order PO-CONSOLE-1 was already added to fabrikam");
		assertThat(balance("fabrikam")).isEqualByComparingTo("25.00");
		assertThat(ledgerSum("fabrikam")).isEqualByComparingTo("25.00");
		assertThat(lotsSum("fabrikam")).isEqualByComparingTo("25.00");
	}

	@Test
	@Order(12)
	void financeSeesEveryOrganizationAndTotalsPerCurrency() throws Exception {
		login("operator", "op-pass");
		open("/console/finance?month=2025-03");
		List<WebElement> currencies = driver.findElements(By.cssSelector("#currency-totals tbody tr"));
		assertThat(currencies).extracting(WebElement::getText)
			.anySatisfy(t -> assertThat(t).startsWith("EUR"))
			.anySatisfy(t -> assertThat(t).startsWith("USD"));
		assertThat(text("#finance")).contains("Contoso Ltd", "Fabrikam GmbH", "NewCo LLC");
		everyInputIsLabelled();
		fullHeight(1280);
		shot("finance");
		laptop();
		driver.findElement(By.id("finance-workbook")).click();
		Path file = downloads.resolve("finance-2025-03.xlsx");
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file) && Files.size(file) > 0);
		try (InputStream in = Files.newInputStream(file); Workbook wb = WorkbookFactory.create(in)) {
			assertThat(wb.getSheet("Organizations")).isNotNull();
			assertThat(wb.getSheet("Totals by currency")).isNotNull();
		}
	}

	@Test
	@Order(13)
	void theForecastsRecommendationIsAppliedWithOneButton() {
		login("operator", "op-pass");
		// NewCo: funds from January, then a call a day for 60 days (no license file: paid
		// from credits)
		new Select(driver.findElement(By.id("orgId"))).selectByValue("newco");
		driver.findElement(By.id("amount")).sendKeys("100");
		driver.findElement(By.id("reference")).sendKeys("NEWCO-1");
		((JavascriptExecutor) driver).executeScript("document.getElementById('purchasedOn').value = '2025-01-02'");
		submit(By.id("add-funds"));
		assertThat(text("[role=status]")).startsWith("Added 100.00 USD to newco");
		String[] calls = new String[60];
		for (int i = 0; i < calls.length; i++) {
			calls[i] = "d-" + i + ",user_out,+12065550100,"
					+ java.time.Instant.parse("2025-01-19T10:00:00Z").plus(Duration.ofDays(i)) + ","
					+ (60 + 60 * (i % 3));
		}
		drop("cdr/newco/PSTN.calls.daily.csv", teamsExport(calls));
		assertThat(drain()).singleElement().extracting(IntakeOutcome::status).isEqualTo(IntakeOutcome.Status.POSTED);
		// 28 calls in February: 25 to a page
		open("/console/orgs/newco/calls?month=2025-02");
		assertThat(text("#calls-count")).isEqualTo("1–25 of 28 call(s)");
		assertThat(text(".pager")).contains("Page 1 of 2");
		submit(By.id("next-page"));
		assertThat(text("#calls-count")).isEqualTo("26–28 of 28 call(s)");
		assertThat(driver.findElements(By.cssSelector("#calls tbody tr"))).hasSize(3);
		assertThat(driver.findElements(By.id("next-page"))).isEmpty();
		submit(By.cssSelector(".pager a[rel=prev]"));
		assertThat(text("#calls-count")).isEqualTo("1–25 of 28 call(s)");
		// a payment method first (auto-recharge stays off)
		open("/console/orgs/newco/auto-recharge");
		driver.findElement(By.id("paymentMethod")).sendKeys("card:visa-4242-2028-01");
		submit(By.id("save"));
		assertThat(text("#recharge-status")).isEqualTo("off");
		open("/console/orgs/newco/usage?month=2025-03");
		String trigger = text("#rec-trigger"), recharge = text("#rec-recharge");
		assertThat(trigger).endsWith(" USD").isNotEqualTo("0.00 USD");
		assertThat(recharge).endsWith(" USD").isNotEqualTo("0.00 USD");
		confirm(driver.findElement(By.id("apply-forecast")));
		assertThat(driver.getCurrentUrl()).endsWith("/console/orgs/newco");
		assertThat(text("[role=status]"))
			.isEqualTo("Auto-recharge on: below " + trigger + ", recharge " + recharge + ".");
		assertThat(text("#recharge-status")).isEqualTo("on");
		assertThat(text("#recharge-trigger")).isEqualTo(trigger);
		assertThat(text("#recharge-amount")).isEqualTo(recharge);
		assertThat(jdbc.sql("SELECT trigger_amount FROM organization WHERE org_id = 'newco'")
			.query(BigDecimal.class)
			.single()).isEqualByComparingTo(trigger.replace(" USD", ""));
	}

	@Test
	@Order(14)
	void anOperatorChecksTheCarriersHostKeysAndFilesWaiting() throws IOException {
		login("operator", "op-pass");
		assertThat(text("#carriers")).contains("acme-telecom", "mallory-telecom", "UNKNOWN");
		submit(By.cssSelector("#carrier-acme-telecom button"));
		assertThat(text("[role=status]")).startsWith("Carrier acme-telecom: connected; host key ")
			.contains("files waiting {cdr=1}");
		submit(By.cssSelector("#carrier-mallory-telecom button"));
		assertThat(text("[role=alert]")).startsWith("Carrier mallory-telecom: HOST KEY CHANGED");
		assertThat(text("#carrier-acme-telecom")).contains("UP");
		assertThat(text("#carrier-mallory-telecom")).contains("DOWN");
		open("/console/operator");
		fullHeight(1280);
		shot("operator");
		laptop();
	}

}
