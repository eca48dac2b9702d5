// credits-hub console: the only script, and the pages work without it (then times show in UTC).
// 1. every <time datetime> in the viewer's time zone, UTC on hover; 2. "are you sure?" on buttons that change
// money or move files; 3. sortable columns of the rows on a page (tables with class "sortable").
(function () {
	'use strict';
	var dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
	var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
	document.querySelectorAll('time[datetime]').forEach(function (t) {
		var iso = t.getAttribute('datetime');
		var d = new Date(iso);
		if (!iso || iso.length < 11 || isNaN(d.getTime())) {
			return;
		}
		t.title = (t.textContent.trim() || iso) + ' (your time zone: ' + zone + ')';
		t.textContent = dateTime.format(d);
	});
	document.querySelectorAll('[data-time-zone]').forEach(function (el) {
		el.textContent = 'Times are in your time zone, ' + zone + '; hover over one for UTC.';
	});

	document.querySelectorAll('form[data-confirm]').forEach(function (f) {
		f.addEventListener('submit', function (e) {
			if (!window.confirm(f.getAttribute('data-confirm'))) {
				e.preventDefault();
			}
		});
	});

	function key(cell) {
		var time = cell.querySelector('time[datetime]');
		if (time) {
			return time.getAttribute('datetime');
		}
		var text = cell.textContent.trim();
		if (cell.classList.contains('num')) {
			var n = parseFloat(text.replace(/[^0-9.\-]/g, ''));
			return isNaN(n) ? -Infinity : n;
		}
		return text.toLowerCase();
	}
	document.querySelectorAll('table.sortable').forEach(function (table) {
		var body = table.tBodies[0];
		table.querySelectorAll('thead th').forEach(function (th, column) {
			var button = document.createElement('button');
			button.type = 'button';
			button.className = 'sort';
			button.textContent = th.textContent;
			th.textContent = '';
			th.appendChild(button);
			th.setAttribute('aria-sort', 'none');
			button.addEventListener('click', function () {
				var ascending = th.getAttribute('aria-sort') !== 'ascending';
				table.querySelectorAll('thead th').forEach(function (other) { other.setAttribute('aria-sort', 'none'); });
				th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
				var rows = Array.prototype.slice.call(body.rows);
				rows.sort(function (a, b) {
					var x = key(a.cells[column]), y = key(b.cells[column]);
					return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
				});
				rows.forEach(function (r) { body.appendChild(r); });
			});
		});
	});
})();
