// What the Failures and Releases pages share: fetching JSON, building elements without innerHTML
// (problem titles and stack traces are data from the application, never markup), dates in the
// reader's time zone.
(function () {
  'use strict';
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === 'text') node.textContent = attributes[name];
      else node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) { node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child); });
    return node;
  }
  function when(iso) {
    return iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' }) : '';
  }
  async function api(method, url, body) {
    var response = await fetch(url, { method: method, headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    var data = await response.json().catch(function () { return {}; });
    if (!response.ok) throw new Error(data.error || (method + ' ' + url + ' answered ' + response.status));
    return data;
  }
  function showError(error) {
    var box = document.getElementById('error');
    box.textContent = error ? String(error.message || error) : '';
    box.hidden = !error;
  }
  window.problemsPage = { el: el, when: when, api: api, showError: showError };
})();
