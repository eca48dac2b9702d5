// credits-hub console: the only script. Shows every <time datetime> in the viewer's time zone, UTC on hover.
(function () {
	'use strict';
	var dateTime = new Intl.DateTimeFormat(undefined, {
		year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short'
	});
	var dateOnly = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
	document.querySelectorAll('time[datetime]').forEach(function (t) {
		var iso = t.getAttribute('datetime');
		if (!iso || iso.length < 11) {
			return; // a plain date: no time zone to convert
		}
		var d = new Date(iso);
		if (isNaN(d.getTime())) {
			return;
		}
		t.title = t.textContent.trim() || iso;
		t.textContent = t.hasAttribute('data-date-only') ? dateOnly.format(d) : dateTime.format(d);
	});
	// "Apply" and "re-drive" buttons ask first when they carry data-confirm
	document.querySelectorAll('form[data-confirm]').forEach(function (f) {
		f.addEventListener('submit', function (e) {
			if (!window.confirm(f.getAttribute('data-confirm'))) {
				e.preventDefault();
			}
		});
	});
})();
