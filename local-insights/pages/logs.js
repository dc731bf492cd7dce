// The Logs page: a query editor, a time range, a results table and a chart, over local-insights'
// query API (the same request and answer as Application Insights'). The query lives in the URL so
// it can be shared or bookmarked.
(function () {
  'use strict';
  var API = '/v1/apps/local/query';
  var form = document.getElementById('query-form');
  var editor = document.getElementById('query');
  var marks = document.getElementById('editor-marks');
  var range = document.getElementById('time-range');
  var customRange = document.getElementById('custom-range');
  var rangeFrom = document.getElementById('range-from');
  var rangeTo = document.getElementById('range-to');
  var setInQuery = document.getElementById('set-in-query');
  var errorBox = document.getElementById('error');
  var statusBox = document.getElementById('status');
  var table = document.getElementById('results');
  var tableView = document.getElementById('table-view');
  var chartView = document.getElementById('chart-view');
  var showTable = document.getElementById('show-table');
  var showChart = document.getElementById('show-chart');
  var chartKind = document.getElementById('chart-kind');
  var chartKindLabel = document.getElementById('chart-kind-label');
  var current = null; // the last answer: {columns, rows, render}
  var sort = { column: -1, descending: false };

  // As in the portal, a time filter written in the query wins over the picker (either schema's time column).
  function queryHasTimeFilter(text) {
    return /\b(timestamp|TimeGenerated)\s*(>|>=|<|<=|between)|\bago\s*\(/.test(text);
  }

  function timespan() {
    if (queryHasTimeFilter(editor.value)) return null;
    if (range.value !== 'custom') return range.value;
    if (!rangeFrom.value || !rangeTo.value) return null;
    return new Date(rangeFrom.value).toISOString() + '/' + new Date(rangeTo.value).toISOString();
  }

  function updateRangeControls() {
    customRange.hidden = range.value !== 'custom';
    var inQuery = queryHasTimeFilter(editor.value);
    setInQuery.hidden = !inQuery;
    range.disabled = inQuery;
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; });
  }

  /** Underlines the word at (line, pos) of the query, where the analyser found the problem. */
  function markError(line, pos) {
    var lines = editor.value.split('\n');
    var offset = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += pos;
    var word = /^[\w$.-]+|^./.exec(editor.value.slice(offset));
    var end = offset + (word ? word[0].length : 1);
    marks.innerHTML = escapeHtml(editor.value.slice(0, offset)) + '<mark data-error-at="' + line + ':' + pos + '">' +
      escapeHtml(editor.value.slice(offset, end)) + '</mark>' + escapeHtml(editor.value.slice(end));
  }

  function clearMarks() {
    marks.textContent = editor.value;
  }

  function cellContent(value, type) {
    var td = document.createElement('td');
    if (value === null || value === undefined) return td;
    if (type === 'dynamic' && typeof value === 'string' && /^[[{]/.test(value)) {
      var details = document.createElement('details');
      var summary = document.createElement('summary');
      summary.textContent = value.length > 60 ? value.slice(0, 59) + '…' : value;
      var pre = document.createElement('pre');
      try { pre.textContent = JSON.stringify(JSON.parse(value), null, 2); } catch { pre.textContent = value; }
      details.appendChild(summary);
      details.appendChild(pre);
      td.appendChild(details);
      return td;
    }
    td.textContent = String(value);
    return td;
  }

  function compare(a, b) {
    if (a === b) return 0;
    if (a === null || a === undefined) return -1;
    if (b === null || b === undefined) return 1;
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a) < String(b) ? -1 : 1;
  }

  function drawTable() {
    table.innerHTML = '';
    if (!current) return;
    var rows = current.rows.slice();
    if (sort.column >= 0) {
      rows.sort(function (x, y) { return (sort.descending ? -1 : 1) * compare(x[sort.column], y[sort.column]); });
    }
    var head = document.createElement('tr');
    current.columns.forEach(function (column, index) {
      var th = document.createElement('th');
      th.textContent = column.name;
      th.title = column.type;
      th.scope = 'col';
      if (sort.column === index) th.setAttribute('aria-sort', sort.descending ? 'descending' : 'ascending');
      th.addEventListener('click', function () {
        sort = { column: index, descending: sort.column === index ? !sort.descending : false };
        drawTable();
      });
      head.appendChild(th);
    });
    var thead = document.createElement('thead');
    thead.appendChild(head);
    var tbody = document.createElement('tbody');
    rows.forEach(function (row) {
      var tr = document.createElement('tr');
      row.forEach(function (value, i) { tr.appendChild(cellContent(value, current.columns[i].type)); });
      tbody.appendChild(tr);
    });
    table.appendChild(thead);
    table.appendChild(tbody);
  }

  var NUMERIC = ['int', 'long', 'real', 'decimal'];

  /** Series as Kusto's charts draw them: x from the first datetime (or first) column, one line per numeric column and per value of a string column. */
  function seriesOf(answer, kind) {
    var columns = answer.columns;
    var timeIndex = columns.findIndex(function (c) { return c.type === 'datetime'; });
    var xIndex = kind === 'timechart' && timeIndex >= 0 ? timeIndex : columns.findIndex(function (c) { return c.type === 'string'; });
    if (xIndex < 0) xIndex = 0;
    var splitIndex = kind === 'timechart' ? columns.findIndex(function (c, i) { return c.type === 'string' && i !== xIndex; }) : -1;
    var valueIndexes = columns.map(function (c, i) { return NUMERIC.indexOf(c.type) >= 0 && i !== xIndex ? i : -1; }).filter(function (i) { return i >= 0; });
    var byName = {};
    var order = [];
    answer.rows.forEach(function (row) {
      valueIndexes.forEach(function (v) {
        var name = splitIndex >= 0 ? String(row[splitIndex]) + (valueIndexes.length > 1 ? ' ' + columns[v].name : '') : columns[v].name;
        if (!byName[name]) { byName[name] = []; order.push(name); }
        var x = columns[xIndex].type === 'datetime' ? Date.parse(row[xIndex]) : row[xIndex];
        byName[name].push({ x: x, y: row[v] });
      });
    });
    return order.map(function (name) {
      var points = byName[name];
      if (kind === 'timechart') points.sort(function (a, b) { return a.x - b.x; });
      return { label: name, points: points };
    });
  }

  var chart = null;
  function drawChart() {
    if (!current) return;
    var kind = chartKind.value;
    var series = seriesOf(current, kind);
    if (chart) chart.destroy();
    var datasets;
    var config;
    if (kind === 'timechart') {
      datasets = series.map(function (s) { return { label: s.label, data: s.points, pointRadius: 2 }; });
      var points = series.reduce(function (all, s) { return all.concat(s.points); }, []);
      config = {
        type: 'line', data: { datasets: datasets },
        options: {
          animation: false, maintainAspectRatio: false, parsing: false,
          // Ticks on round times in UTC, as the results table shows times (time-axis.js says why).
          scales: { x: window.timeAxis.scale(points, 'utc'), y: { beginAtZero: true } },
        },
      };
    } else {
      var labels = (series[0] ? series[0].points : []).map(function (p) { return String(p.x); });
      datasets = series.map(function (s) { return { label: s.label, data: s.points.map(function (p) { return p.y; }) }; });
      config = {
        type: kind === 'piechart' ? 'pie' : 'bar', data: { labels: labels, datasets: datasets },
        options: { animation: false, maintainAspectRatio: false, indexAxis: kind === 'barchart' ? 'y' : 'x', scales: kind === 'piechart' ? {} : { y: { beginAtZero: true } } },
      };
    }
    var title = current.render && current.render.title;
    if (title) config.options.plugins = { title: { display: true, text: String(title) } };
    chart = new window.Chart(document.getElementById('chart'), config);
    window.logsChart = chart; // for the browser test: what was drawn
  }

  function showView(which) {
    var chartShown = which === 'chart';
    tableView.hidden = chartShown;
    chartView.hidden = !chartShown;
    chartKindLabel.hidden = !chartShown;
    showTable.setAttribute('aria-selected', String(!chartShown));
    showChart.setAttribute('aria-selected', String(chartShown));
    if (chartShown) drawChart();
  }

  function keepInUrl(span) {
    var params = new URLSearchParams();
    params.set('query', editor.value);
    if (span) params.set('timespan', span);
    history.replaceState(null, '', '?' + params.toString());
  }

  function run() {
    var span = timespan();
    keepInUrl(range.value === 'custom' ? span : range.value);
    errorBox.hidden = true;
    clearMarks();
    statusBox.textContent = 'Running…';
    var started = performance.now();
    var body = { query: editor.value };
    if (span) body.timespan = span;
    return fetch(API, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (response) { return response.json().then(function (json) { return { status: response.status, json: json }; }); })
      .then(function (answer) {
        var ms = Math.round(performance.now() - started);
        if (answer.status !== 200) {
          var inner = answer.json.error && answer.json.error.innererror;
          errorBox.textContent = inner ? inner.message : (answer.json.error ? answer.json.error.message : 'The query failed');
          errorBox.hidden = false;
          if (inner) markError(inner.line, inner.pos);
          statusBox.textContent = '';
          return;
        }
        var result = answer.json.tables[0];
        current = { columns: result.columns, rows: result.rows, render: answer.json.render || null };
        sort = { column: -1, descending: false };
        var partial = answer.json.error ? ' · ' + answer.json.error.details.map(function (d) { return d.message; }).join('; ') : '';
        statusBox.textContent = result.rows.length + ' rows · ' + ms + ' ms' + partial;
        drawTable();
        var visualization = current.render && current.render.visualization;
        if (visualization && visualization !== 'table') {
          chartKind.value = ['timechart', 'linechart', 'areachart'].indexOf(visualization) >= 0 ? 'timechart' : visualization === 'piechart' ? 'piechart' : visualization === 'barchart' ? 'barchart' : 'columnchart';
          showView('chart');
        } else {
          showView('table');
        }
      })
      .catch(function (error) {
        errorBox.textContent = 'local-insights did not answer: ' + error.message;
        errorBox.hidden = false;
        statusBox.textContent = '';
      });
  }

  function loadTables() {
    fetch('/api/schema').then(function (r) { return r.json(); }).then(function (schema) {
      var list = document.getElementById('tables');
      Object.keys(schema).forEach(function (name) {
        var item = document.createElement('li');
        var details = document.createElement('details');
        var summary = document.createElement('summary');
        summary.textContent = name;
        details.appendChild(summary);
        var columns = document.createElement('ul');
        schema[name].forEach(function (column) {
          var li = document.createElement('li');
          li.innerHTML = escapeHtml(column.name) + ' <code>' + escapeHtml(column.type) + '</code>';
          columns.appendChild(li);
        });
        details.appendChild(columns);
        item.appendChild(details);
        list.appendChild(item);
      });
    });
  }

  /** The Queries pane, as Azure's: the workshop's queries and common ones by table; picking one fills the editor. */
  function loadQueries() {
    fetch('/api/queries').then(function (r) { return r.json(); }).then(function (answer) {
      var list = document.getElementById('queries');
      answer.groups.forEach(function (group) {
        var item = document.createElement('li');
        var details = document.createElement('details');
        var summary = document.createElement('summary');
        summary.textContent = group.name;
        details.appendChild(summary);
        var queries = document.createElement('ul');
        group.queries.forEach(function (saved) {
          var li = document.createElement('li');
          var button = document.createElement('button');
          button.type = 'button';
          button.className = 'saved-query';
          button.textContent = saved.title;
          button.title = saved.query;
          button.addEventListener('click', function () {
            editor.value = saved.query;
            clearMarks();
            updateRangeControls();
            editor.focus();
          });
          li.appendChild(button);
          queries.appendChild(li);
        });
        details.appendChild(queries);
        item.appendChild(details);
        list.appendChild(item);
      });
    });
  }

  form.addEventListener('submit', function (event) { event.preventDefault(); run(); });
  editor.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && event.shiftKey) { event.preventDefault(); run(); }
  });
  editor.addEventListener('input', function () { clearMarks(); updateRangeControls(); });
  editor.addEventListener('scroll', function () { marks.scrollTop = editor.scrollTop; });
  range.addEventListener('change', updateRangeControls);
  showTable.addEventListener('click', function () { showView('table'); });
  showChart.addEventListener('click', function () { showView('chart'); });
  chartKind.addEventListener('change', drawChart);

  // As in the portal: a new alert rule starts from the query in the editor (on the Alerts page).
  document.getElementById('new-alert-rule').addEventListener('click', function () {
    location.href = '/alerts?' + new URLSearchParams({ newRuleQuery: editor.value }).toString();
  });

  /** A Date as a datetime-local input shows it: local time, to the second. */
  function toLocalInput(date) {
    var shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
    return shifted.toISOString().slice(0, 19);
  }

  var params = new URLSearchParams(location.search);
  if (params.get('query')) editor.value = params.get('query');
  var span = params.get('timespan');
  // An interval start/end (an alert's window, from the Alerts page) opens as a custom range.
  var interval = span ? span.split('/') : [];
  if (interval.length === 2 && !isNaN(Date.parse(interval[0])) && !isNaN(Date.parse(interval[1]))) {
    range.value = 'custom';
    // The inputs hold whole seconds: widen to them, so no row of the window falls outside.
    rangeFrom.value = toLocalInput(new Date(Math.floor(Date.parse(interval[0]) / 1000) * 1000));
    rangeTo.value = toLocalInput(new Date(Math.ceil(Date.parse(interval[1]) / 1000) * 1000));
  } else if (span && /^P/.test(span)) {
    if (!Array.prototype.some.call(range.options, function (o) { return o.value === span; })) {
      var option = document.createElement('option');
      option.value = span;
      option.textContent = span;
      range.insertBefore(option, range.lastElementChild);
    }
    range.value = span;
  }
  updateRangeControls();
  clearMarks();
  loadQueries();
  loadTables();
  if (params.get('query')) run();
})();
