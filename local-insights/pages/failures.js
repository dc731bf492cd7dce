// The Failures page: problems (exceptions grouped by fingerprint) with their occurrences, and one
// problem's page (?problem=<fingerprint>) with its latest stack trace, its customDimensions and
// the buttons that resolve, reopen or mute it. Reads and changes them through /api/problems.
(function () {
  'use strict';
  var p = window.problemsPage;
  var el = p.el;
  var HOUR = 3600 * 1000;
  var charts = [];

  /** The last 24 hours, hour by hour, from the problem's occurrences per hour. */
  function last24Hours(byHour) {
    var counts = {};
    byHour.forEach(function (h) { counts[new Date(h.hour).getTime()] = h.count; });
    var thisHour = Math.floor(Date.now() / HOUR) * HOUR;
    var hours = [];
    for (var i = 23; i >= 0; i--) hours.push({ at: thisHour - i * HOUR, count: counts[thisHour - i * HOUR] || 0 });
    return hours;
  }

  function barChart(canvas, hours, small) {
    charts.push(new window.Chart(canvas, {
      type: 'bar',
      data: { labels: hours.map(function (h) { return new Date(h.at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' }); }),
        datasets: [{ label: 'Occurrences', data: hours.map(function (h) { return h.count; }), backgroundColor: '#c0392b' }] },
      options: { animation: false, responsive: !small, maintainAspectRatio: false, plugins: { legend: { display: false }, tooltip: { enabled: !small } },
        scales: { x: { display: !small }, y: { display: !small, beginAtZero: true, ticks: { precision: 0 } } } },
    }));
  }

  function stateBadge(problem) {
    var text = problem.state === 'resolved' && problem.resolvedInVersion ? 'resolved in ' + problem.resolvedInVersion : problem.state;
    return el('span', { class: 'state state-' + problem.state, text: text });
  }

  async function showList() {
    var problems = await p.api('GET', '/api/problems');
    var body = document.querySelector('#problems tbody');
    document.getElementById('empty').hidden = problems.length > 0;
    problems.forEach(function (problem) {
      var spark = el('canvas', { class: 'spark', width: '120', height: '28', role: 'img', 'aria-label': 'Occurrences per hour, last 24 hours' });
      body.appendChild(el('tr', {}, [
        el('td', {}, [el('a', { href: '/failures?problem=' + encodeURIComponent(problem.fingerprint), text: problem.title }), el('br'), el('code', { text: problem.problemId })]),
        el('td', {}, [stateBadge(problem)]),
        el('td', { text: String(problem.count) }),
        el('td', {}, [spark]),
        el('td', { text: p.when(problem.firstSeen) }),
        el('td', { text: p.when(problem.lastSeen) }),
        el('td', { text: problem.versions.join(', ') }),
        el('td', { text: problem.cloudRoleNames.join(', ') }),
      ]));
      barChart(spark, last24Hours(problem.occurrencesByHour), true);
    });
  }

  function fact(list, name, value) {
    list.appendChild(el('dt', { text: name }));
    list.appendChild(el('dd', {}, [value]));
  }

  async function showProblem(fingerprint) {
    var problem = await p.api('GET', '/api/problems/' + encodeURIComponent(fingerprint));
    document.getElementById('list-view').hidden = true;
    document.getElementById('detail-view').hidden = false;
    document.title = problem.title + ' · Failures · local-insights';
    document.getElementById('problem-title').textContent = problem.title;
    document.getElementById('problem-state').replaceWith(Object.assign(stateBadge(problem), { id: 'problem-state' }));
    document.getElementById('problem-id').textContent = problem.problemId;
    document.getElementById('resolve').disabled = problem.state === 'resolved' && !problem.resolvedInVersion;
    document.getElementById('reopen').disabled = problem.state === 'active';
    document.getElementById('mute').disabled = problem.state === 'muted';

    var facts = document.getElementById('facts');
    facts.replaceChildren();
    fact(facts, 'Occurrences', String(problem.count));
    fact(facts, 'First seen', p.when(problem.firstSeen) + (problem.firstVersion ? ' in ' + problem.firstVersion : ''));
    fact(facts, 'Last seen', p.when(problem.lastSeen));
    fact(facts, 'Roles', problem.cloudRoleNames.join(', '));
    var deploy = problem.suspectedDeploy;
    fact(facts, 'Suspected deploy', deploy ? deploy.version + (deploy.environment ? ' to ' + deploy.environment : '') + ', ' + p.when(deploy.time) : 'none recorded');

    charts.forEach(function (chart) { chart.destroy(); });
    barChart(document.getElementById('occurrence-chart'), last24Hours(problem.occurrencesByHour), false);

    var versions = document.querySelector('#by-version tbody');
    versions.replaceChildren.apply(versions, problem.occurrencesByVersion.map(function (v) {
      return el('tr', {}, [el('td', { text: v.version }), el('td', { text: String(v.count) })]);
    }));

    var latest = problem.latest;
    document.getElementById('latest-message').textContent = latest ? p.when(latest.timestamp) + ' · ' + (latest.version || 'no version') + ' · ' + latest.message : 'No occurrence stored.';
    var frames = document.getElementById('frames');
    frames.replaceChildren.apply(frames, (latest ? latest.frames : []).map(function (frame) {
      var where = frame.file + (frame.line ? ':' + frame.line + ':' + frame.column : '');
      var place = frame.link ? el('a', { href: frame.link, text: where }) : el('span', { text: where });
      return el('li', { class: frame.link ? 'in-app' : 'vendor' }, [(frame.method || '<anonymous>') + ' ', place]);
    }));
    var dimensions = document.querySelector('#dimensions tbody');
    var entries = Object.entries(latest ? latest.customDimensions : {});
    dimensions.replaceChildren.apply(dimensions, entries.map(function (entry) {
      return el('tr', {}, [el('td', { text: entry[0] }), el('td', { text: typeof entry[1] === 'string' ? entry[1] : JSON.stringify(entry[1]) })]);
    }));
  }

  function change(fingerprint, action, body) {
    return function () {
      p.showError(null);
      p.api('POST', '/api/problems/' + encodeURIComponent(fingerprint) + '/' + action, body ? body() : {})
        .then(function () { return showProblem(fingerprint); })
        .catch(p.showError);
    };
  }

  var fingerprint = new URLSearchParams(location.search).get('problem');
  if (fingerprint) {
    document.getElementById('resolve').addEventListener('click', change(fingerprint, 'resolve'));
    document.getElementById('resolve-in-version').addEventListener('click', change(fingerprint, 'resolve', function () {
      return { inVersion: document.getElementById('resolve-version').value };
    }));
    document.getElementById('reopen').addEventListener('click', change(fingerprint, 'reopen'));
    document.getElementById('mute').addEventListener('click', change(fingerprint, 'mute'));
    showProblem(fingerprint).catch(p.showError);
  } else {
    showList().catch(p.showError);
  }
})();
