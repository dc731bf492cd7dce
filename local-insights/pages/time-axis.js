// A time axis for Chart.js without a date library: Chart.js' own time scale needs a date adapter
// package, and its linear scale alone puts ticks at round *numbers of milliseconds* (every 200,000
// ms, say: 10:03:20, 10:06:40 …), so labels fall unevenly and a 5-minute bin sits between them.
// Here the ticks fall on round times (every 1, 5, 15 minutes, 1 hour …, whichever gives at most
// about eight) in the zone the page shows (UTC on Logs, as its table; local time on Metrics), and
// the axis runs from the round time before the first point to the round time after the last.
// Used by the Logs and Metrics pages; loaded by Node's tests too.
(function (root) {
  'use strict';
  var SECOND = 1000;
  var MINUTE = 60 * SECOND;
  var HOUR = 60 * MINUTE;
  var DAY = 24 * HOUR;
  var STEPS = [SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE,
    15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY];
  var MAX_TICKS = 8;

  /** The zone's offset from UTC at instant t, in ms: 0 for UTC, the browser's own for local time. */
  function offsetOf(zone, t) {
    return zone === 'utc' ? 0 : -new Date(t).getTimezoneOffset() * MINUTE;
  }

  /**
   * The smallest round step that covers [min, max] in at most MAX_TICKS intervals and is a whole
   * number of bins (the spacing of the points), so that every point sits on a tick or between two
   * at the same place: 5-minute bins get ticks every 5, 10, 15 … minutes, never every 2.
   */
  function stepFor(min, max, bin) {
    for (var i = 0; i < STEPS.length; i++) {
      if (STEPS[i] >= bin && STEPS[i] % bin === 0 && (max - min) / STEPS[i] <= MAX_TICKS) return STEPS[i];
    }
    return Math.ceil((max - min) / MAX_TICKS / DAY) * DAY;
  }

  /** The spacing of the points: the smallest gap between two distinct x (a minute when there is none). */
  function binOf(xs) {
    var sorted = xs.slice().sort(function (a, b) { return a - b; });
    var gap = Infinity;
    for (var i = 1; i < sorted.length; i++) if (sorted[i] > sorted[i - 1]) gap = Math.min(gap, sorted[i] - sorted[i - 1]);
    return isFinite(gap) ? gap : MINUTE;
  }

  /** An instant as the wall-clock time of the zone, counted in ms like an instant (and back). */
  function toZone(t, zone) { return t + offsetOf(zone, t); }
  function fromZone(wall, zone) { return wall - offsetOf(zone, wall - offsetOf(zone, wall)); }

  /** Tick instants from the round time at or before min to the one at or after max, every step, each a round time in the zone. */
  function ticks(min, max, zone, bin) {
    if (!(isFinite(min) && isFinite(max))) return { min: min, max: max, step: 0, values: [] };
    var step = stepFor(min, Math.max(max, min + 1), bin || SECOND);
    var first = Math.floor(toZone(min, zone) / step) * step;
    var last = Math.max(Math.ceil(toZone(max, zone) / step) * step, first + step); // one point still gets an axis around it
    var values = [];
    for (var wall = first; wall <= last; wall += step) values.push(fromZone(wall, zone));
    return { min: values[0], max: values[values.length - 1], step: step, values: values };
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  /** A tick's label: the time to the precision the step needs, with the date where a day changes. */
  function label(t, step, zone) {
    var d = new Date(t + offsetOf(zone, t));
    var time = pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + (step < MINUTE ? ':' + pad(d.getUTCSeconds()) : '');
    var date = pad(d.getUTCDate()) + '/' + pad(d.getUTCMonth() + 1);
    if (step >= DAY) return date;
    return d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 ? [time, date] : time;
  }

  /** Chart.js options for a linear x scale showing `points` (their x in ms) on a time axis in `zone`. */
  function scale(points, zone) {
    var xs = points.map(function (p) { return p.x; }).filter(function (x) { return typeof x === 'number' && isFinite(x); });
    var axis = ticks(Math.min.apply(null, xs), Math.max.apply(null, xs), zone, binOf(xs));
    if (axis.values.length === 0) return { type: 'linear' };
    return {
      type: 'linear', min: axis.min, max: axis.max,
      afterBuildTicks: function (chartAxis) { chartAxis.ticks = axis.values.map(function (value) { return { value: value }; }); },
      ticks: { autoSkip: false, maxRotation: 0, callback: function (value) { return label(value, axis.step, zone); } },
      title: { display: true, text: zone === 'utc' ? 'UTC' : 'Local time' },
    };
  }

  var api = { ticks: ticks, binOf: binOf, label: label, scale: scale };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.timeAxis = api;
})(this);
