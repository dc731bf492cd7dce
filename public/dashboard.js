// The dashboard keeps itself current: every few seconds it fetches the panel (figures and list,
// rendered and escaped by the server) and swaps it in. Choosing a scenario submits the form.
(function () {
  'use strict';
  var REFRESH_MS = 2000;
  var form = document.getElementById('scenario-form');
  var select = document.getElementById('scenario');
  var panel = document.getElementById('panel');
  var staleNotice = document.getElementById('stale-notice');

  select.addEventListener('change', function () {
    if (select.value) form.submit();
  });

  function refresh() {
    fetch('/dashboard/panel', { headers: { Accept: 'text/html' }, cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) throw new Error('panel answered ' + response.status);
        return response.text();
      })
      .then(function (html) {
        panel.innerHTML = html;
        panel.removeAttribute('data-stale');
        staleNotice.hidden = true;
      })
      .catch(function () {
        // Keep the last figures, say plainly that they are old, and try again next time.
        var asOf = panel.querySelector('[data-updated] time');
        staleNotice.textContent = 'These figures are not current: the app has not answered since ' +
          (asOf ? asOf.textContent : 'the page loaded') + '. Trying again every ' + REFRESH_MS / 1000 + ' seconds.';
        staleNotice.hidden = false;
        panel.setAttribute('data-stale', 'true');
      })
      .finally(function () {
        setTimeout(refresh, REFRESH_MS);
      });
  }
  setTimeout(refresh, REFRESH_MS);
})();
