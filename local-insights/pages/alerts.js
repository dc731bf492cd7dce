// The Alerts page: fired and resolved alerts (with the value that crossed, the query result behind
// it and a link opening the query in Logs), the alert rules (create, edit, enable/disable, evaluate,
// delete), the action groups and the outbox. Everything goes through /api/…, as a script would.
(function () {
  'use strict';
  // The aggregation granularities and frequencies Azure accepts for a log search alert rule, as
  // local-insights/alerts/allowed-durations.ts lists them (the browser tests keep the two the same).
  var FREQUENCIES = [['PT1M', '1 minute'], ['PT5M', '5 minutes'], ['PT10M', '10 minutes'], ['PT15M', '15 minutes'], ['PT30M', '30 minutes'],
    ['PT45M', '45 minutes'], ['PT1H', '1 hour'], ['PT2H', '2 hours'], ['PT3H', '3 hours'], ['PT4H', '4 hours'], ['PT5H', '5 hours'], ['PT6H', '6 hours'], ['P1D', '1 day']];
  var WINDOWS = FREQUENCIES.concat([['P2D', '2 days']]);
  var DURATIONS = { 'rule-window': WINDOWS, 'rule-frequency': FREQUENCIES, 'rule-override': WINDOWS, 'rule-mute': WINDOWS };
  var $ = function (id) { return document.getElementById(id); };
  var groups = [];
  // A metric alert rule (made on the Metrics page) keeps its criteria's odata.type when edited here.
  var editedCriteriaType = null;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function row(cells) {
    var tr = document.createElement('tr');
    cells.forEach(function (cell) {
      var td = document.createElement('td');
      if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell === null || cell === undefined ? '' : String(cell);
      tr.appendChild(td);
    });
    return tr;
  }
  function fillTable(table, headers, rows) {
    table.textContent = '';
    var head = document.createElement('tr');
    headers.forEach(function (h) { var th = el('th', h); th.scope = 'col'; head.appendChild(th); });
    var thead = document.createElement('thead');
    thead.appendChild(head);
    var tbody = document.createElement('tbody');
    rows.forEach(function (r) { tbody.appendChild(r); });
    table.appendChild(thead);
    table.appendChild(tbody);
    table.hidden = rows.length === 0;
  }
  function json(response) {
    return response.text().then(function (text) { return { status: response.status, body: text ? JSON.parse(text) : null }; });
  }
  function time(iso) { return iso ? new Date(iso).toLocaleString('en-GB') : ''; }
  var OPERATOR_TEXT = { GreaterThan: '>', GreaterThanOrEqual: '≥', LessThan: '<', LessThanOrEqual: '≤', Equals: '=' };

  function logsLink(context) {
    var params = new URLSearchParams({ query: context.query, timespan: context.windowStartTime + '/' + context.windowEndTime });
    var a = el('a', 'Open query in Logs');
    a.href = '/?' + params.toString();
    return a;
  }
  function resultDetails(context) {
    var details = el('details');
    details.appendChild(el('summary', 'Query result (' + context.result.totalRows + ' rows)'));
    var table = el('table');
    fillTable(table, context.result.columns.map(function (c) { return c.name; }), context.result.rows.map(function (r) { return row(r.map(function (v) { return typeof v === 'object' && v !== null ? JSON.stringify(v) : v; })); }));
    table.setAttribute('aria-label', 'Query result');
    details.appendChild(table);
    details.appendChild(logsLink(context));
    return details;
  }

  function loadAlerts() {
    return fetch('/api/alerts').then(json).then(function (answer) {
      var rows = answer.body.value.map(function (alert) {
        var e = alert.essentials;
        var c = alert.context;
        var value = (c.value === null ? 'no value' : c.value) + ' ' + (OPERATOR_TEXT[c.operator] || c.operator) + ' ' + c.threshold;
        var dims = c.dimensions.map(function (d) { return d.name + '=' + d.value; }).join(', ');
        var deliveries = alert.deliveries.map(function (d) { return d.receiver + ' (' + d.kind + ', ' + d.monitorCondition + '): ' + d.status + (d.error ? ' - ' + d.error : ''); }).join('\n');
        return row([el('span', e.monitorCondition, e.monitorCondition === 'Fired' ? 'fired' : 'resolved'), time(e.firedDateTime), time(e.resolvedDateTime),
          el('span', e.severity, 'sev'), e.alertRule, value + (dims ? ' (' + dims + ')' : ''), el('pre', deliveries), resultDetails(c)]);
      });
      fillTable($('alerts'), ['Condition', 'Fired', 'Resolved', 'Severity', 'Alert rule', 'Value crossing the threshold', 'Notifications', 'Query result'], rows);
      $('no-alerts').hidden = rows.length > 0;
    });
  }

  function loadGroups() {
    return fetch('/api/action-groups').then(json).then(function (answer) {
      groups = answer.body.value;
      fillTable($('groups'), ['Name', 'Email', 'Webhook'], groups.map(function (g) {
        return row([g.name, g.properties.emailReceivers.map(function (r) { return r.emailAddress; }).join(', '), g.properties.webhookReceivers.map(function (r) { return r.serviceUri; }).join(', ')]);
      }));
      var box = $('rule-groups');
      var checked = Array.prototype.filter.call(box.querySelectorAll('input:checked'), function () { return true; }).map(function (i) { return i.value; });
      box.textContent = groups.length ? '' : 'No action group yet (add one below).';
      groups.forEach(function (g) {
        var label = el('label', null, 'check');
        var input = el('input');
        input.type = 'checkbox';
        input.value = g.name;
        input.checked = checked.indexOf(g.name) >= 0;
        label.appendChild(input);
        label.appendChild(document.createTextNode(' ' + g.name));
        box.appendChild(label);
      });
    });
  }

  function ruleAction(text, onClick) {
    var button = el('button', text);
    button.type = 'button';
    button.addEventListener('click', onClick);
    return button;
  }
  function say(text) { $('rules-message').textContent = text; }

  function loadRules() {
    return fetch('/api/alert-rules').then(json).then(function (answer) {
      var rows = answer.body.value.map(function (rule) {
        var p = rule.properties;
        var c = p.criteria.allOf[0];
        var last = rule.lastEvaluation;
        var lastText = !last ? 'not evaluated yet' : last.status === 'ok' ? 'ok at ' + time(last.at) : 'failing: ' + last.error;
        // A rule waits for the KQL worker the Logs page also uses; missed turns must not pass unseen.
        if (last && last.skippedTurns) lastText += ' (' + last.skippedTurns + ' turn' + (last.skippedTurns === 1 ? '' : 's') + ' skipped before it: the previous evaluation was still running)';
        var actions = el('span');
        actions.appendChild(ruleAction('Edit', function () { editRule(rule.name, p); }));
        actions.appendChild(ruleAction(p.enabled ? 'Disable' : 'Enable', function () {
          p.enabled = !p.enabled;
          putRule(rule.name, p).then(function () { say(rule.name + (p.enabled ? ' enabled' : ' disabled')); });
        }));
        actions.appendChild(ruleAction('Evaluate now', function () {
          fetch('/api/alert-rules/' + encodeURIComponent(rule.name) + '/evaluate', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
            .then(json).then(function (a) { say(rule.name + ': ' + (a.body.status === 'ok' ? a.body.fired.length + ' fired, ' + a.body.resolved.length + ' resolved' : 'failing: ' + a.body.error)); refresh(); });
        }));
        actions.appendChild(ruleAction('Delete', function () {
          if (!window.confirm('Delete alert rule ' + rule.name + '?')) return;
          fetch('/api/alert-rules/' + encodeURIComponent(rule.name), { method: 'DELETE' }).then(function () { say(rule.name + ' deleted'); refresh(); });
        }));
        return row([rule.name, 'Sev' + p.severity, p.enabled ? 'Enabled' : 'Disabled',
          (c.metricMeasureColumn ? c.timeAggregation + '(' + c.metricMeasureColumn + ')' : 'Table rows') + ' ' + (OPERATOR_TEXT[c.operator] || c.operator) + ' ' + c.threshold,
          p.windowSize + ' every ' + p.evaluationFrequency, el('span', lastText, last && last.status === 'failing' ? 'failing' : ''), actions]);
      });
      fillTable($('rules'), ['Name', 'Severity', 'Status', 'Condition', 'Window', 'Last evaluation', 'Actions'], rows);
      $('no-rules').hidden = rows.length > 0;
    });
  }

  function loadOutbox() {
    return fetch('/api/outbox').then(json).then(function (answer) {
      var rows = answer.body.value.map(function (mail) {
        var body = el('details');
        body.appendChild(el('summary', 'Body'));
        body.appendChild(el('pre', mail.body));
        return row([time(mail.sentAt), mail.to, mail.subject, mail.smtp || 'kept in the outbox', body]);
      });
      fillTable($('outbox'), ['Sent', 'To', 'Subject', 'SMTP', 'Mail'], rows);
      $('no-mail').hidden = rows.length > 0;
    });
  }

  function putRule(name, properties) {
    return fetch('/api/alert-rules/' + encodeURIComponent(name), { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(properties) })
      .then(json).then(function (answer) { refresh(); return answer; });
  }

  function formRule() {
    var measure = $('rule-measure').value;
    var dims = $('rule-dimensions').value.split(',').map(function (s) { return s.trim(); }).filter(Boolean);
    var properties = {
      description: $('rule-description').value, severity: Number($('rule-severity').value), enabled: $('rule-enabled').checked,
      evaluationFrequency: $('rule-frequency').value, windowSize: $('rule-window').value, autoMitigate: $('rule-auto-mitigate').checked,
      criteria: { allOf: [{
        query: $('rule-query').value, timeAggregation: $('rule-aggregation').value, operator: $('rule-operator').value,
        threshold: Number($('rule-threshold').value),
        dimensions: dims.map(function (name) { return { name: name, operator: 'Include', values: ['*'] }; }),
        failingPeriods: { numberOfEvaluationPeriods: Number($('rule-periods').value), minFailingPeriodsToAlert: Number($('rule-violations').value) },
      }] },
      actions: { actionGroups: Array.prototype.map.call($('rule-groups').querySelectorAll('input:checked'), function (i) { return i.value; }) },
    };
    if (measure) properties.criteria.allOf[0].metricMeasureColumn = measure;
    if (editedCriteriaType) properties.criteria['odata.type'] = editedCriteriaType;
    if ($('rule-override').value) properties.overrideQueryTimeRange = $('rule-override').value;
    if ($('rule-mute').value) properties.muteActionsDuration = $('rule-mute').value;
    return properties;
  }

  /** The measure list offers the numeric columns of the query's answer, as the portal does. */
  function loadMeasures(selected) {
    var select = $('rule-measure');
    var query = $('rule-query').value.trim();
    if (!query) return Promise.resolve();
    return fetch('/v1/apps/local/query', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: query + '\n| take 1', timespan: 'P1D' }) })
      .then(json).then(function (answer) {
        select.textContent = '';
        select.appendChild(new Option('Table rows', ''));
        var columns = answer.status === 200 ? answer.body.tables[0].columns : [];
        columns.filter(function (c) { return ['int', 'long', 'real', 'decimal'].indexOf(c.type) >= 0; })
          .forEach(function (c) { select.appendChild(new Option(c.name, c.name)); });
        if (selected && !Array.prototype.some.call(select.options, function (o) { return o.value === selected; })) select.appendChild(new Option(selected, selected));
        select.value = selected || '';
      });
  }

  function editRule(name, p) {
    var c = p.criteria.allOf[0];
    $('rule-form-title').textContent = 'Edit alert rule ' + name;
    editedCriteriaType = p.criteria['odata.type'] || null;
    $('rule-name').value = name;
    $('rule-name').readOnly = true;
    $('rule-description').value = p.description || '';
    $('rule-severity').value = String(p.severity);
    $('rule-query').value = c.query;
    $('rule-aggregation').value = c.timeAggregation;
    $('rule-dimensions').value = (c.dimensions || []).map(function (d) { return d.name; }).join(', ');
    $('rule-window').value = p.windowSize;
    $('rule-operator').value = c.operator;
    $('rule-threshold').value = String(c.threshold);
    $('rule-frequency').value = p.evaluationFrequency;
    $('rule-violations').value = String(c.failingPeriods.minFailingPeriodsToAlert);
    $('rule-periods').value = String(c.failingPeriods.numberOfEvaluationPeriods);
    $('rule-override').value = p.overrideQueryTimeRange || '';
    $('rule-auto-mitigate').checked = p.autoMitigate;
    $('rule-mute').value = p.muteActionsDuration || '';
    $('rule-enabled').checked = p.enabled;
    Array.prototype.forEach.call($('rule-groups').querySelectorAll('input'), function (i) { i.checked = p.actions.actionGroups.indexOf(i.value) >= 0; });
    loadMeasures(c.metricMeasureColumn);
    // A rule saved before local-insights checked Azure's lists may hold a window or frequency Azure refuses.
    var unsupported = [['rule-window', 'aggregation granularity', p.windowSize], ['rule-frequency', 'frequency', p.evaluationFrequency]]
      .filter(function (f) { return $(f[0]).value !== f[2]; })
      .map(function (f) { return 'Its ' + f[1] + ' ' + f[2] + ' is not one Azure accepts: choose another before saving.'; });
    $('rule-error').textContent = unsupported.join(' ');
    $('rule-error').hidden = unsupported.length === 0;
    $('rule-form').scrollIntoView();
  }

  $('rule-form').addEventListener('submit', function (event) {
    event.preventDefault();
    $('rule-error').hidden = true;
    var name = $('rule-name').value.trim();
    putRule(name, formRule()).then(function (answer) {
      if (answer.status >= 400) {
        // A window or frequency Azure refuses comes back in Azure's error shape: {error: {code, message}}.
        $('rule-error').textContent = typeof answer.body.error === 'string' ? answer.body.error : answer.body.error.message;
        $('rule-error').hidden = false;
        return;
      }
      say('Alert rule ' + name + ' saved');
      $('rule-form').reset();
    });
  });
  $('rule-form').addEventListener('reset', function () {
    $('rule-name').readOnly = false;
    $('rule-form-title').textContent = 'New alert rule';
    editedCriteriaType = null;
  });
  $('rule-query').addEventListener('change', function () { loadMeasures($('rule-measure').value); });

  $('group-form').addEventListener('submit', function (event) {
    event.preventDefault();
    $('group-error').hidden = true;
    var name = $('group-name').value.trim();
    var email = $('group-email').value.trim();
    var webhook = $('group-webhook').value.trim();
    var body = {
      groupShortName: name.slice(0, 12), enabled: true,
      emailReceivers: email ? [{ name: 'email', emailAddress: email, useCommonAlertSchema: true }] : [],
      webhookReceivers: webhook ? [{ name: 'webhook', serviceUri: webhook, useCommonAlertSchema: true }] : [],
    };
    fetch('/api/action-groups/' + encodeURIComponent(name), { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .then(json).then(function (answer) {
        if (answer.status >= 400) {
          $('group-error').textContent = answer.body.error;
          $('group-error').hidden = false;
          return;
        }
        $('group-form').reset();
        loadGroups();
      });
  });

  Array.prototype.forEach.call(document.querySelectorAll('select.durations'), function (select) {
    if (select.classList.contains('optional')) select.appendChild(new Option('(none)', ''));
    // Five minutes is the portal's default; defaultSelected keeps it through the form's Clear.
    DURATIONS[select.id].forEach(function (d) { select.appendChild(new Option(d[1], d[0], !select.classList.contains('optional') && d[0] === 'PT5M')); });
    if (!select.classList.contains('optional')) select.value = 'PT5M';
  });

  function refresh() { return Promise.all([loadAlerts(), loadRules(), loadOutbox()]); }

  // "New alert rule" on the Logs page opens this page with its query: ?newRuleQuery=…
  var params = new URLSearchParams(location.search);
  loadGroups().then(function () {
    if (params.get('newRuleQuery')) {
      $('rule-query').value = params.get('newRuleQuery');
      loadMeasures('');
      $('rule-name').focus();
    }
  });
  refresh();
  setInterval(function () { if (!document.hidden) refresh(); }, 5000);
})();
