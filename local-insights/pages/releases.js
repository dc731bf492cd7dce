// The Releases page: each recorded deployment, newest first, with the problems whose suspected
// deploy it is (they first appeared with it).
(function () {
  'use strict';
  var p = window.problemsPage;
  var el = p.el;
  p.api('GET', '/api/deployments').then(function (deployments) {
    document.getElementById('empty').hidden = deployments.length > 0;
    var body = document.querySelector('#releases tbody');
    deployments.forEach(function (d) {
      var problems = el('ul', {}, d.newProblems.map(function (problem) {
        return el('li', {}, [el('a', { href: '/failures?problem=' + encodeURIComponent(problem.fingerprint), text: problem.title }), ' (' + problem.count + ')']);
      }));
      body.appendChild(el('tr', {}, [el('td', { text: d.version }), el('td', {}, [el('code', { text: d.commit || '' })]),
        el('td', { text: d.environment || '' }), el('td', { text: p.when(d.time) }), el('td', {}, d.newProblems.length ? [problems] : ['none'])]));
    });
  }).catch(p.showError);
})();
