// The Metrics page: the resource metrics the app reports (database space, CPU, memory, queue
// length), one chart per metric with a line per resource (cloud role), over a chosen time range;
// and metric alert rules. A metric alert rule here is a scheduledQueryRules rule over customMetrics
// (measure `value`, the chosen aggregation, split by cloud_RoleName), so it is evaluated, stored
// and notified exactly as the log search rules are, through the same action groups.
(function () {
  'use strict';
  var METRICS = [
    ['database_space_used_percent', 'Data space used percent (%)'], ['database_space_used_bytes', 'Data space used (bytes)'],
    ['process_cpu_percent', 'CPU percentage (%)'], ['process_memory_percent', 'Memory percentage (%)'],
    ['process_memory_bytes', 'Memory working set (bytes)'], ['queue_length', 'Queue length (orders)'],
  ];
  var $ = function (id) { return document.getElementById(id); };
  var charts = {};

  function post(query, timespan) {
    return fetch('/v1/apps/local/query', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: query, timespan: timespan }) })
      .then(function (r) { return r.json().then(function (body) { return { status: r.status, body: body }; }); });
  }
  /** A bin about a hundredth of the range, so each chart has some hundred points at most. */
  function binFor(range) {
    return { PT5M: '10s', PT30M: '30s', PT1H: '1m', PT4H: '5m', P1D: '15m' }[range] || '1m';
  }

  function draw() {
    var range = $('metrics-range').value;
    var how = $('metrics-aggregation').value;
    var names = METRICS.map(function (m) { return '"' + m[0] + '"'; }).join(', ');
    var query = 'customMetrics\n| where name in (' + names + ')\n| summarize value = ' + how + '(value) by name, cloud_RoleName, bin(timestamp, ' + binFor(range) + ')\n| order by timestamp asc';
    $('metrics-status').textContent = 'Loading…';
    return post(query, range).then(function (answer) {
      if (answer.status !== 200) {
        $('metrics-status').textContent = answer.body.error ? answer.body.error.message : 'The query failed';
        return;
      }
      var rows = answer.body.tables[0].rows;
      $('metrics-status').textContent = rows.length + ' points';
      METRICS.forEach(function (metric) {
        var series = {};
        rows.forEach(function (r) {
          if (r[0] !== metric[0]) return;
          var role = r[1] || '(no role)';
          (series[role] = series[role] || []).push({ x: Date.parse(r[2]), y: r[3] });
        });
        var chart = chartFor(metric);
        chart.data.datasets = Object.keys(series).map(function (role) { return { label: role, data: series[role], pointRadius: 1 }; });
        // Ticks on round local times (time-axis.js says why), over the points drawn.
        chart.options.scales.x = window.timeAxis.scale([].concat.apply([], Object.keys(series).map(function (role) { return series[role]; })), 'local');
        chart.update();
      });
    });
  }

  function chartFor(metric) {
    if (charts[metric[0]]) return charts[metric[0]];
    var figure = document.createElement('figure');
    var caption = document.createElement('figcaption');
    caption.textContent = metric[1];
    var canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', metric[1]);
    figure.appendChild(caption);
    figure.appendChild(canvas);
    $('charts').appendChild(figure);
    charts[metric[0]] = new window.Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: { animation: false, maintainAspectRatio: false, parsing: false,
        scales: { x: window.timeAxis.scale([], 'local'), y: { beginAtZero: true } } },
    });
    return charts[metric[0]];
  }

  function loadGroups() {
    return fetch('/api/action-groups').then(function (r) { return r.json(); }).then(function (answer) {
      var box = $('mr-groups');
      box.textContent = answer.value.length ? '' : 'No action group yet: add one on the Alerts page.';
      answer.value.forEach(function (g) {
        var label = document.createElement('label');
        label.className = 'check';
        var input = document.createElement('input');
        input.type = 'checkbox';
        input.value = g.name;
        label.appendChild(input);
        label.appendChild(document.createTextNode(' ' + g.name));
        box.appendChild(label);
      });
    });
  }

  METRICS.forEach(function (m) { $('mr-metric').appendChild(new Option(m[1], m[0])); });
  $('metrics-form').addEventListener('submit', function (event) { event.preventDefault(); draw(); });
  $('metrics-range').addEventListener('change', draw);
  $('metrics-aggregation').addEventListener('change', draw);
  $('metric-rule-form').addEventListener('submit', function (event) {
    event.preventDefault();
    $('mr-error').hidden = true;
    var name = $('mr-name').value.trim();
    var properties = {
      description: 'Metric alert: ' + $('mr-metric').value, severity: Number($('mr-severity').value), enabled: true,
      evaluationFrequency: $('mr-frequency').value, windowSize: $('mr-window').value, autoMitigate: true,
      // Marked as Azure marks a metric alert's criteria: local-insights then holds it to metric alerts' windows and frequencies.
      criteria: { 'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria', allOf: [{
        query: 'customMetrics\n| where name == "' + $('mr-metric').value + '"',
        timeAggregation: $('mr-aggregation').value, metricMeasureColumn: 'value',
        dimensions: [{ name: 'cloud_RoleName', operator: 'Include', values: ['*'] }],
        operator: $('mr-operator').value, threshold: Number($('mr-threshold').value),
      }] },
      actions: { actionGroups: Array.prototype.map.call($('mr-groups').querySelectorAll('input:checked'), function (i) { return i.value; }) },
    };
    fetch('/api/alert-rules/' + encodeURIComponent(name), { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(properties) })
      .then(function (r) { return r.json().then(function (body) { return { status: r.status, body: body }; }); })
      .then(function (answer) {
        if (answer.status >= 400) {
          $('mr-error').textContent = typeof answer.body.error === 'string' ? answer.body.error : answer.body.error.message; // Azure's shape for a refused window or frequency
          $('mr-error').hidden = false;
          return;
        }
        $('mr-saved').textContent = 'Metric alert rule ' + name + ' saved; it is listed on the Alerts page.';
      });
  });
  loadGroups();
  draw();
  setInterval(function () { if (!document.hidden) draw(); }, 10000);
})();
