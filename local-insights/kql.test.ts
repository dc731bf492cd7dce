// KQL conformance: Microsoft's parser and analyser, our engine, and a fixed small data set whose
// expected answers were worked out by hand from the Kusto documentation, one row per rule. All KQL
// tests live in this one file because the parser takes seconds to initialise, once per process.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { makeTempDir } from '../tests/helpers/temp-dir';
import type { Column, Operator, Value } from './kql/ast';
import { AGGREGATES } from './kql/aggregates';
import type { Pushdown, TableSource } from './kql/engine';
import { analyse, warmUp } from './kql/kusto-parser';
import { runKql } from './kql/run-kql';
import { CLASSIC_SCHEMA, type ClassicTable, isClassicTable, type SchemaTable } from './kql/schema';
import { toWire } from './kql/values';
import { SqliteSource } from './kql/sqlite-source';
import { mapEnvelope } from './envelope';
import { TelemetryDb } from './telemetry-db';
import { toWireAnswer, toWireError } from './kql/wire';
import { QUERY_LIMITS } from './kql/query-limits';
import { parseTimespan } from './timespan';
import { telemetryCommand } from './query';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const APP = 'order-processing-app';
const FINANCE = 'order-processing-finance-package';

type Fixture = Record<string, Value>;
const t = (iso: string): number => Date.parse(iso);

const DATA: Record<ClassicTable, Fixture[]> = {
  requests: [
    { timestamp: t('2024-05-01T10:00:00Z'), id: 'r1', name: 'POST /new', success: 'True', resultCode: '201', duration: 120.5, itemCount: 1, customDimensions: { orderId: '7', tier: 'gold' }, cloud_RoleName: APP, operation_Id: 'op1' },
    { timestamp: t('2024-05-01T10:02:30Z'), id: 'r2', name: 'POST /new', success: 'False', resultCode: '507', duration: 30, itemCount: 1, customDimensions: { orderId: '8' }, cloud_RoleName: APP, operation_Id: 'op2' },
    { timestamp: t('2024-05-01T10:07:00Z'), id: 'r3', name: 'GET /', success: 'True', resultCode: '200', duration: 10, itemCount: 2, customDimensions: {}, cloud_RoleName: APP, operation_Id: 'op3' },
    { timestamp: t('2024-05-01T10:20:00Z'), id: 'r4', name: 'POST /ProcessPayment', success: 'False', resultCode: '503', duration: 2000, itemCount: 1, customDimensions: { orderId: '7', attempt: 2 }, cloud_RoleName: FINANCE, operation_Id: 'op4' },
    { timestamp: t('2024-05-01T11:55:00Z'), id: 'r5', name: 'POST /ProcessPayment', success: 'True', resultCode: '200', duration: 250, itemCount: 1, customDimensions: { orderId: '8', attempt: 1 }, cloud_RoleName: FINANCE, operation_Id: 'op5' },
    { timestamp: t('2024-05-01T11:59:00Z'), id: 'r6', name: 'GET /healthz', success: 'True', resultCode: '200', duration: 1, itemCount: 1, customDimensions: null, cloud_RoleName: APP, operation_Id: 'op6' },
  ],
  traces: [
    { timestamp: t('2024-05-01T10:00:05Z'), message: 'payment attempt', severityLevel: 1, customDimensions: { orderId: '7' }, cloud_RoleName: APP, operation_Id: 'op1' },
    { timestamp: t('2024-05-01T10:00:06Z'), message: 'payment not accepted', severityLevel: 2, customDimensions: { orderId: '7', statusCode: '400', responseText: 'date in the future' }, cloud_RoleName: APP, operation_Id: 'op1' },
    { timestamp: t('2024-05-01T10:05:00Z'), message: 'payment attempt', severityLevel: 1, customDimensions: { orderId: '8' }, cloud_RoleName: APP, operation_Id: 'op2' },
    { timestamp: t('2024-05-01T10:05:01Z'), message: 'payment accepted', severityLevel: 1, customDimensions: { orderId: '8' }, cloud_RoleName: APP, operation_Id: 'op2' },
    { timestamp: t('2024-05-01T11:58:00Z'), message: 'Order-Processing started: PAYMENT job', severityLevel: 1, customDimensions: {}, cloud_RoleName: FINANCE, operation_Id: 'op9' },
  ],
  exceptions: [
    { timestamp: t('2024-05-01T10:00:06Z'), type: 'PaymentFailed', outerMessage: 'finance package said 400', severityLevel: 3, customDimensions: { orderId: '7', attempt: '1', transient: 'false' }, cloud_RoleName: APP, operation_Id: 'op1' },
    { timestamp: t('2024-05-01T10:20:00Z'), type: 'PaymentFailed', outerMessage: '503 from finance', severityLevel: 3, customDimensions: { orderId: '9', attempt: '2', transient: 'true' }, cloud_RoleName: APP, operation_Id: 'op4' },
  ],
  customMetrics: [
    { timestamp: t('2024-05-01T10:00:00Z'), name: 'queue_length', value: 2, cloud_RoleName: APP },
    { timestamp: t('2024-05-01T10:01:00Z'), name: 'queue_length', value: 4, cloud_RoleName: APP },
    { timestamp: t('2024-05-01T10:03:00Z'), name: 'queue_length', value: 3, cloud_RoleName: APP },
    { timestamp: t('2024-05-01T10:04:30Z'), name: 'queue_length', value: 6, cloud_RoleName: APP },
    { timestamp: t('2024-05-01T10:01:30Z'), name: 'heap_used', value: 100, cloud_RoleName: APP },
  ],
  dependencies: [],
  customEvents: [{ timestamp: t('2024-05-01T09:00:00Z'), name: 'seeded', customDimensions: { count: 11 }, cloud_RoleName: FINANCE }],
  performanceCounters: [],
  pageViews: [],
  availabilityResults: [],
  browserTimings: [],
};

/** The fixture as a TableSource; it records what was pushed down so a test can check it. */
class FixtureSource implements TableSource {
  readonly reads: Array<{ table: string; filter: Pushdown; columns: string[] }> = [];
  read(table: SchemaTable, columns: Column[], filter: Pushdown): Value[][] {
    this.reads.push({ table, filter, columns: columns.map((c) => c.name) });
    // A workspace table (AppRequests…) has no rows here: the tests that read one check only what was pushed down.
    return (isClassicTable(table) ? DATA[table] : []).map((row) => columns.map((column) => row[column.name] ?? (column.type === 'string' ? '' : column.name === 'itemCount' ? 1 : null)));
  }
}

function run(query: string, source: TableSource = new FixtureSource()) {
  const answer = runKql(query, source, { now: NOW });
  if (!answer.ok) throw new Error(`${query}\n  ${answer.diagnostics.map((d) => `${d.code} ${d.message} at ${d.line}:${d.column}`).join('\n  ')}`);
  return answer.result;
}

/** Rows as the query API writes them (datetimes as text), so expectations read like the portal's table. */
const rows = (query: string): unknown[][] => {
  const result = run(query);
  return result.rows.map((row) => row.map((value, i) => toWire(value, result.columns[i]?.type ?? 'dynamic')));
};
const columns = (query: string): string[] => run(query).columns.map((c) => `${c.name}:${c.type}`);

before(() => {
  warmUp();
});

// [rule, query, expected rows]
const JOIN_SIDES = 'let L = requests | project orderId = tostring(customDimensions.orderId), id; let R = exceptions | project orderId = tostring(customDimensions.orderId), outerMessage;';

const CONFORMANCE: Array<[string, string, unknown[][]]> = [
  // where, comparison and string operators
  ['== compares strings', 'requests | where name == "POST /new" | project id', [['r1'], ['r2']]],
  ['== is case-sensitive', 'requests | where name == "post /new" | count', [[0]]],
  ['=~ ignores case', 'requests | where name =~ "post /new" | count', [[2]]],
  ['!= is case-sensitive', 'requests | where name != "POST /new" | count', [[4]]],
  ['!~ ignores case', 'requests | where name !~ "post /NEW" | count', [[4]]],
  ['and/or with a missing value: null and true is null, null or false is null, null and false is false, null or true is true', 'print a = isnull(bool(null) and true), b = isnull(bool(null) or false), c = bool(null) and false, d = bool(null) or true', [[true, true, false, true]]],
  ['int divided by int truncates towards zero, as long does', 'print a = toint(7) / toint(2), b = toint(-7) / toint(2), c = toint(7) % toint(2)', [[3, -3, 1]]],
  ['!= keeps rows where the value is missing (null != 2 is true)', 'requests | where customDimensions.attempt != 2 | count', [[5]]],
  ['== never matches a missing value', 'requests | where toint(customDimensions.attempt) == 1 or isnull(customDimensions.attempt) | count', [[5]]],
  ['contains ignores case', 'traces | where message contains "PAYMENT" | count', [[5]]],
  ['!contains', 'traces | where message !contains "attempt" | count', [[3]]],
  ['contains_cs is case-sensitive', 'traces | where message contains_cs "PAYMENT" | count', [[1]]],
  ['has matches whole terms only', 'traces | where message has "accept" | count', [[0]]],
  ['has ignores case', 'traces | where message has "ACCEPTED" | count', [[2]]],
  ['!has', 'traces | where message !has "payment" | count', [[0]]],
  ['has_cs is case-sensitive', 'traces | where message has_cs "PAYMENT" | count', [[1]]],
  ['has with several terms matches them in sequence', 'traces | where message has "not accepted" | count', [[1]]],
  ['has splits terms at punctuation', 'traces | where message has "processing" | count', [[1]]],
  ['has: the docs\' example, terms split at punctuation', 'print a = "Kusto: ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a;KustoExplorerQueryRun" | project c1 = a has "c1db", c2 = a has "KustoExplorer", c3 = a has "d94f3b6b0b5a", c4 = a has "kustoexplorerqueryrun"', [[true, false, true, true]]],
  ['has: an underscore is not part of a term', 'print "PAYMENT_job" has "job", "PAYMENT_job" has "PAYMENT_job"', [[true, true]]],
  ['hasprefix and hassuffix look at the start and end of terms', 'print "payment not accepted" hasprefix "accep", "payment not accepted" hassuffix "ment", "payment not accepted" hasprefix "ccep"', [[true, true, false]]],
  ['startswith ignores case', 'requests | where name startswith "post" | count', [[4]]],
  ['startswith_cs is case-sensitive', 'requests | where name startswith_cs "post" | count', [[0]]],
  ['endswith ignores case', 'requests | where name endswith "payment" | count', [[2]]],
  ['!startswith', 'requests | where name !startswith "POST" | count', [[2]]],
  ['in is case-sensitive equality with any', 'requests | where resultCode in ("200", "201") | count', [[4]]],
  ['!in', 'requests | where resultCode !in ("200", "201") | project resultCode', [['507'], ['503']]],
  ['in~ ignores case', 'requests | where name in~ ("get /", "GET /HEALTHZ") | project id', [['r3'], ['r6']]],
  ['!in~', 'requests | where name !in~ ("post /new", "post /processpayment") | count', [[2]]],
  ['in with numbers', 'requests | where itemCount in (2, 3) | project id', [['r3']]],
  ['in with a dynamic array means its elements', 'requests | where resultCode in (dynamic(["503", "507"])) | count', [[2]]],
  ['matches regex', 'requests | where resultCode matches regex @"^5\\d\\d$" | project resultCode', [['507'], ['503']]],
  ['between is inclusive at both ends', 'requests | where duration between (10 .. 120.5) | project id', [['r1'], ['r2'], ['r3']]],
  ['!between', 'requests | where duration !between (10 .. 250) | project id', [['r4'], ['r6']]],
  ['between datetimes', 'requests | where timestamp between (datetime(2024-05-01T10:00:00Z) .. datetime(2024-05-01T10:07:00Z)) | count', [[3]]],
  ['and', 'requests | where name == "POST /new" and success == "True" | project id', [['r1']]],
  ['or', 'requests | where resultCode == "507" or duration > 1000 | project id', [['r2'], ['r4']]],
  ['not()', 'requests | where not(success == "True") | project id', [['r2'], ['r4']]],
  ['success is the string "True"/"False" and compares with a bool', 'requests | where success == false | project id', [['r2'], ['r4']]],
  ['success == true', 'requests | where success == true | count', [[4]]],
  ['< on reals', 'requests | where duration < 30 | project id', [['r3'], ['r6']]],
  ['>= on reals', 'requests | where duration >= 250 | project id', [['r4'], ['r5']]],
  ['timestamp > ago()', 'requests | where timestamp > ago(10m) | project id', [['r5'], ['r6']]],
  ['< on datetimes', 'requests | where timestamp < datetime(2024-05-01 10:05) | count', [[2]]],
  ['> on strings is refused by the analyser, so compare their lengths or values', 'requests | where strlen(resultCode) > 2 and resultCode != "201" | count', [[5]]],
  ['a where over several lines of conditions runs them all', 'requests | where timestamp > ago(3h) | where name == "POST /new" | where duration > 100 | project id', [['r1']]],
  // dynamic values
  ['dynamic member access with a dot', 'requests | where customDimensions.orderId == "7" | project id', [['r1'], ['r4']]],
  ['dynamic member access with brackets', 'requests | where customDimensions["tier"] == "gold" | project id', [['r1']]],
  ['tostring of a missing member is empty', 'requests | project o = tostring(customDimensions.orderId)', [['7'], ['8'], [''], ['7'], ['8'], ['']]],
  ['toint of a dynamic string', 'exceptions | project a = toint(customDimensions.attempt)', [[1], [2]]],
  ['a dynamic number compares with a long', 'requests | where customDimensions.attempt == 2 | project id', [['r4']]],
  ['a dynamic string compares with a string', 'exceptions | where customDimensions.transient == "true" | project outerMessage', [['503 from finance']]],
  ['isempty of a missing member', 'requests | where isempty(tostring(customDimensions.orderId)) | project id', [['r3'], ['r6']]],
  ['isnull of a missing member', 'requests | where isnull(customDimensions.orderId) | project id', [['r3'], ['r6']]],
  ['isnotempty of a member', 'requests | where isnotempty(customDimensions.tier) | project id', [['r1']]],
  ['isnotnull of a member', 'requests | where isnotnull(customDimensions.attempt) | project id', [['r4'], ['r5']]],
  ['has on a dynamic member reads its text', 'traces | where customDimensions.responseText has "future" | count', [[1]]],
  ['nested dynamic access', 'print tostring(dynamic({"a": {"b": "c"}}).a.b)', [['c']]],
  ['array index from the end', 'print tolong(todynamic("[1,2,3]")[-1])', [[3]]],
  ['parse_json reads JSON text', `print tolong(parse_json('{"a": [1, 2]}').a[1])`, [[2]]],
  // project, extend, project-away, project-rename
  ['project computes and orders columns', 'requests | take 1 | project name, id, ms = duration * 2', [['POST /new', 'r1', 241]]],
  ['parse splits text at its constant parts; the last column takes the rest', 'requests | where id in ("r1", "r3") | parse name with verb " " path | project id, verb, path', [['r1', 'POST', '/new'], ['r3', 'GET', '/']]],
  ['extend appends a column', 'requests | take 1 | project id | extend two = 2', [['r1', 2]]],
  ['extend of an existing name replaces it in place', 'requests | take 1 | project id, duration | extend duration = duration + 1', [['r1', 121.5]]],
  ['a second extend sees the first', 'print a = 1 | extend b = a + 1 | extend c = b * 10', [[1, 2, 20]]],
  ['project-away', 'requests | take 1 | project id, name, resultCode | project-away name', [['r1', '201']]],
  ['project-away several', 'requests | take 1 | project id, name, resultCode | project-away name, id', [['201']]],
  ['project-rename keeps the values', 'requests | take 1 | project id, name | project-rename n = name', [['r1', 'POST /new']]],
  // summarize and aggregates
  ['summarize count() by', 'requests | summarize count() by name | order by name asc', [['GET /', 1], ['GET /healthz', 1], ['POST /ProcessPayment', 2], ['POST /new', 2]]],
  ['summarize without by answers one row over no rows', 'requests | where name == "none" | summarize count()', [[0]]],
  ['summarize by answers no rows over no rows', 'requests | where name == "none" | summarize count() by name', []],
  ['countif', 'requests | summarize countif(success == "False")', [[2]]],
  ['count(predicate) means countif', 'requests | summarize failed = count(success == false)', [[2]]],
  ['count() counts rows, not itemCount', 'requests | summarize count()', [[6]]],
  ['sum', 'requests | summarize sum(itemCount)', [[7]]],
  ['sumif', 'requests | summarize sumif(duration, name == "POST /new")', [[150.5]]],
  ['avg of ints is real', 'requests | summarize avg(itemCount)', [[7 / 6]]],
  ['avgif', 'requests | summarize avgif(duration, success == "True")', [[95.375]]],
  ['aggregates skip nulls', 'requests | summarize avg(toint(customDimensions.attempt))', [[1.5]]],
  ['min and max', 'requests | summarize min(duration), max(duration)', [[1, 2000]]],
  ['max of datetimes', 'requests | summarize max(timestamp)', [['2024-05-01T11:59:00Z']]],
  ['min of strings', 'requests | summarize min(resultCode)', [['200']]],
  ['dcount', 'requests | summarize dcount(name)', [[4]]],
  ['dcount skips nulls', 'requests | summarize dcount(customDimensions.orderId)', [[2]]],
  ['percentile is the nearest-rank value', 'requests | summarize percentile(duration, 50)', [[30]]],
  ['percentile 95', 'requests | summarize percentile(duration, 95)', [[2000]]],
  ['percentiles', 'requests | summarize percentiles(duration, 50, 100)', [[30, 2000]]],
  ['arg_max', 'requests | summarize arg_max(duration, id)', [[2000, 'r4']]],
  ['arg_min by a key', 'requests | summarize arg_min(timestamp, id) by cloud_RoleName | order by cloud_RoleName asc', [[APP, '2024-05-01T10:00:00Z', 'r1'], [FINANCE, '2024-05-01T10:20:00Z', 'r4']]],
  ['arg_max(x, *) keeps the whole row', 'customMetrics | summarize arg_max(value, *) by name | project name, value, timestamp | order by name asc', [['heap_used', 100, '2024-05-01T10:01:30Z'], ['queue_length', 6, '2024-05-01T10:04:30Z']]],
  ['make_list keeps order and duplicates', 'customMetrics | where name == "queue_length" | summarize make_list(value)', [['[2,4,3,6]']]],
  ['make_set keeps each value once', 'requests | summarize make_set(resultCode)', [['["201","507","200","503"]']]],
  ['make_list skips nulls', 'requests | summarize make_list(customDimensions.attempt)', [['[2,1]']]],
  ['any', 'requests | where name == "GET /" | summarize any(id)', [['r3']]],
  ['named aggregates by a key', 'requests | summarize calls = count(), failed = countif(success == false) by cloud_RoleName | order by cloud_RoleName asc', [[APP, 4, 1], [FINANCE, 2, 1]]],
  ['bin floors datetimes and empty bins are left out', 'requests | summarize count() by bin(timestamp, 5m) | order by timestamp asc', [['2024-05-01T10:00:00Z', 2], ['2024-05-01T10:05:00Z', 1], ['2024-05-01T10:20:00Z', 1], ['2024-05-01T11:55:00Z', 2]]],
  ['bin by an hour', 'requests | summarize count() by bin(timestamp, 1h) | order by timestamp asc', [['2024-05-01T10:00:00Z', 4], ['2024-05-01T11:00:00Z', 2]]],
  ['summarize by two keys', 'requests | where cloud_RoleName == "order-processing-app" | summarize count() by name, resultCode | order by count_ desc, name asc', [['GET /', '200', 1], ['GET /healthz', '200', 1], ['POST /new', '201', 1], ['POST /new', '507', 1]]],
  ['group keys that would read alike when joined stay apart', 'union (print k1 = "ab", k2 = "c"), (print k1 = "a", k2 = "bc") | summarize count() by k1, k2 | count', [[2]]],
  ['a null key is a group of its own', 'requests | summarize count() by a = toint(customDimensions.attempt) | order by a asc', [[null, 4], [1, 1], [2, 1]]],
  ['where on a summarized column', 'requests | summarize n = count() by name | where n > 1 | order by name asc | project name', [['POST /ProcessPayment'], ['POST /new']]],
  ['avg by bin then prev() gives the growth', 'customMetrics | where name == "queue_length" | summarize queue = avg(value) by window = bin(timestamp, 2m) | order by window asc | extend growth = queue - prev(queue)', [['2024-05-01T10:00:00Z', 3, null], ['2024-05-01T10:02:00Z', 3, 0], ['2024-05-01T10:04:00Z', 6, 3]]],
  ['summarize with only by lists the distinct keys', 'requests | summarize by cloud_RoleName | order by cloud_RoleName asc', [[APP], [FINANCE]]],
  ['summarize by a dynamic member made a string', 'requests | summarize n = count() by orderId = tostring(customDimensions.orderId) | order by orderId asc', [['', 2], ['7', 2], ['8', 2]]],
  // expressions over aggregates: each aggregate per group, then the expression over the results
  ['an expression over aggregates: 2 failures of 6 requests', 'requests | summarize failRate = 100.0 * countif(success == "False") / count()', [[200 / 6]]],
  ['the original workshop\'s alert: count(predicate) is countif, and two of them subtract, per 5-minute bin', 'requests | summarize AggregatedValue = count(name == "POST /new") - count(name == "POST /ProcessPayment") by bin(timestamp, 5m) | order by timestamp asc', [['2024-05-01T10:00:00Z', 2], ['2024-05-01T10:05:00Z', 0], ['2024-05-01T10:20:00Z', -1], ['2024-05-01T11:55:00Z', -1]]],
  ['round around an aggregate: avg 2411.5 / 6 = 401.916… to one place', 'requests | summarize round(avg(duration), 1)', [[401.9]]],
  ['a ratio of two sums: 2411.5 / 7', 'requests | summarize sum(duration) / sum(itemCount)', [[344.5]]],
  ['long aggregates divide as long: 2 * 100 / 6 truncates to 33', 'requests | summarize countif(success == false) * 100 / count()', [[33]]],
  ['an expression over aggregates per group: 1 of 4 and 1 of 2', 'requests | summarize rate = round(100.0 * countif(success == false) / count(), 1) by cloud_RoleName | order by cloud_RoleName asc', [[APP, 25], [FINANCE, 50]]],
  ['over no rows the rate is 0.0 / 0, NaN', 'requests | where name == "none" | summarize rate = 100.0 * countif(success == false) / count()', [['NaN']]],
  ['a let value inside an expression over aggregates', 'let k = 10; requests | summarize count() * k', [[60]]],
  ['an aggregate inside a scalar function', 'requests | summarize n = tostring(count()), size = iff(count() > 3, "many", "few")', [['6', 'many']]],
  ['one aggregate alone and inside an expression', 'requests | summarize avg(duration), twice = avg(duration) * 2', [[2411.5 / 6, (2411.5 / 6) * 2]]],
  ['make-series takes an expression over aggregates per step', 'customMetrics | where name == "queue_length" | make-series q = count() * 10 default=0 on timestamp from datetime(2024-05-01 10:00) to datetime(2024-05-01 10:08) step 2m | project q', [['[20,10,10,0]']]],
  ['count() of a where that keeps nothing is 0, not no row', 'traces | where severityLevel > 5 | count', [[0]]],
  // count, distinct, order, take, top
  ['count operator', 'traces | count', [[5]]],
  ['distinct', 'requests | distinct cloud_RoleName | order by cloud_RoleName asc', [[APP], [FINANCE]]],
  ['distinct on two columns', 'requests | distinct cloud_RoleName, success | count', [[4]]],
  ['order by defaults to descending', 'requests | order by duration | project id', [['r4'], ['r5'], ['r1'], ['r2'], ['r3'], ['r6']]],
  ['sort by asc', 'requests | sort by duration asc | take 2 | project id', [['r6'], ['r3']]],
  ['order by two keys', 'requests | order by name asc, duration desc | project id', [['r3'], ['r6'], ['r4'], ['r5'], ['r1'], ['r2']]],
  ['nulls sort last when descending', 'requests | extend a = toint(customDimensions.attempt) | order by a desc | project id', [['r4'], ['r5'], ['r1'], ['r2'], ['r3'], ['r6']]],
  ['nulls sort first when ascending', 'requests | extend a = toint(customDimensions.attempt) | order by a asc | project id', [['r1'], ['r2'], ['r3'], ['r6'], ['r5'], ['r4']]],
  ['nulls last can be asked for', 'requests | extend a = toint(customDimensions.attempt) | order by a asc nulls last | project id', [['r5'], ['r4'], ['r1'], ['r2'], ['r3'], ['r6']]],
  ['distinct * keeps whole rows once', 'union (requests | project cloud_RoleName), (requests | project cloud_RoleName) | distinct * | count', [[2]]],
  ['take', 'requests | take 2 | project id', [['r1'], ['r2']]],
  ['limit is take', 'requests | limit 1 | project id', [['r1']]],
  ['top defaults to descending', 'requests | top 2 by duration | project id', [['r4'], ['r5']]],
  ['top asc', 'requests | top 1 by timestamp asc | project id', [['r1']]],
  // let
  ['let binds a scalar', 'let minimum = 200; requests | where duration > minimum | project id', [['r4'], ['r5']]],
  ['let binds a timespan', 'let window = 10m; requests | where timestamp > ago(window) | count', [[2]]],
  ['let binds a table', 'let failures = requests | where success == "False"; failures | project id', [['r2'], ['r4']]],
  ['a let table used twice', 'let f = requests | where success == "False" | project id; union f, f | count', [[4]]],
  // union
  ['union', 'union requests, traces | count', [[11]]],
  ['union withsource names each row\'s table', 'union withsource=SourceTable requests, exceptions | summarize count() by SourceTable | order by SourceTable asc', [['exceptions', 2], ['requests', 6]]],
  ['withsource names a source that is not a table union_arg<position among all sources>, from 0', 'let f = requests | take 1; union withsource=S exceptions, f, (traces | take 2) | summarize count() by S | order by S asc', [['exceptions', 2], ['union_arg1', 1], ['union_arg2', 2]]],
  ['real(nan), real(+inf) and real(-inf) are the special reals', 'print a = real(nan), b = real(+inf), c = real(-inf), d = double(NaN), e = real(inf), f = real( -INF ), g = real(1.5)', [['NaN', 'Infinity', '-Infinity', 'NaN', 'Infinity', '-Infinity', 1.5]]],
  ['NaN equals nothing, not even NaN, and +inf is not -inf', 'print a = real(nan) == real(nan), b = real(nan) != real(nan), c = real(+inf) == real(-inf), d = real(+inf) == real(+inf), e = real(nan) in (real(nan))', [[false, true, false, true, false]]],
  ['max and min skip NaN as they skip nulls, wherever it comes (sort puts NaN with the nulls)', 'union (print k = "NaN first", x = 0.0 / 0.0), (print k = "NaN first", x = 1.0), (print k = "NaN first", x = 2.0), (print k = "NaN between", x = 1.0), (print k = "NaN between", x = 0.0 / 0.0), (print k = "NaN between", x = 2.0), (print k = "only NaN", x = 0.0 / 0.0) | summarize max(x), min(x) by k', [['NaN first', 2, 1], ['NaN between', 2, 1], ['only NaN', null, null]]],
  ['summarize by keeps NaN, Infinity and -Infinity apart', 'union (print x = 0.0 / 0.0), (print x = 1.0 / 0.0), (print x = -1.0 / 0.0), (print x = 0.0 / 0.0) | summarize n = count() by x | order by n desc, x asc', [['NaN', 2], ['-Infinity', 1], ['Infinity', 1]]],
  ['over no rows, summarize without by gives one row: count and sum 0, avg NaN', 'requests | where duration < 0 | summarize count(), sum(duration), avg(duration)', [[0, 0, 'NaN']]],
  ['union fills columns a table lacks', 'union requests, traces | where isnotempty(message) | project id, message | take 1', [['', 'payment attempt']]],
  // join
  ['join kind=inner keeps every match', `${JOIN_SIDES} L | join kind=inner R on orderId | project id, outerMessage`, [['r1', 'finance package said 400'], ['r4', 'finance package said 400']]],
  ['join defaults to innerunique: one left row per key', `${JOIN_SIDES} L | join R on orderId | project id, outerMessage`, [['r1', 'finance package said 400']]],
  ['join kind=leftouter fills the right side with empties', `${JOIN_SIDES} L | join kind=leftouter R on orderId | project id, outerMessage`, [['r1', 'finance package said 400'], ['r2', ''], ['r3', ''], ['r4', 'finance package said 400'], ['r5', ''], ['r6', '']]],
  ['join kind=rightouter', `${JOIN_SIDES} L | join kind=rightouter R on orderId | project id, orderId1`, [['r1', '7'], ['r4', '7'], ['', '9']]],
  ['join kind=fullouter', `${JOIN_SIDES} L | join kind=fullouter R on orderId | count`, [[7]]],
  ['join kind=leftanti', `${JOIN_SIDES} L | join kind=leftanti R on orderId | project id`, [['r2'], ['r3'], ['r5'], ['r6']]],
  ['join kind=leftsemi', `${JOIN_SIDES} L | join kind=leftsemi R on orderId | project id`, [['r1'], ['r4']]],
  ['join kind=rightanti', `${JOIN_SIDES} L | join kind=rightanti R on orderId | project orderId`, [['9']]],
  ['join kind=anti and leftantisemi are leftanti', `${JOIN_SIDES} union (L | join kind=anti R on orderId), (L | join kind=leftantisemi R on orderId) | project id`, [['r2'], ['r3'], ['r5'], ['r6'], ['r2'], ['r3'], ['r5'], ['r6']]],
  ['join kind=rightantisemi is rightanti', `${JOIN_SIDES} L | join kind=rightantisemi R on orderId | project orderId`, [['9']]],
  ['join kind=rightsemi', `${JOIN_SIDES} L | join kind=rightsemi R on orderId | project orderId`, [['7']]],
  ['join on $left.a == $right.b', 'requests | project op = operation_Id, id | join kind=inner (traces | project operation_Id, message) on $left.op == $right.operation_Id | project id, message', [['r1', 'payment attempt'], ['r1', 'payment not accepted'], ['r2', 'payment attempt'], ['r2', 'payment accepted']]],
  ['leftouter join then coalesce to 0', 'let attempts = traces | where message == "payment attempt" | summarize attempts = count() by window = bin(timestamp, 10m); let failures = exceptions | where tostring(customDimensions.transient) == "true" | summarize failures = count() by window = bin(timestamp, 10m); attempts | join kind=leftouter failures on window | project window, attempts, failures = coalesce(failures, 0)', [['2024-05-01T10:00:00Z', 2, 0]]],
  // mv-expand
  ['mv-expand', 'print a = dynamic([1, 2, 3]) | mv-expand a to typeof(long)', [[1], [2], [3]]],
  ['mv-expand keeps the other columns', 'print k = "x", a = dynamic(["p", "q"]) | mv-expand a to typeof(string)', [['x', 'p'], ['x', 'q']]],
  ['mv-expand of a bag gives one property per row', 'print b = dynamic({"a": 1, "b": 2}) | mv-expand b', [['{"a":1}'], ['{"b":2}']]],
  ['mv-expand of two arrays pairs them up', 'print a = dynamic([1, 2]), b = dynamic(["x"]) | mv-expand a to typeof(long), b to typeof(string)', [[1, 'x'], [2, '']]],
  ['mv-expand of an expression', 'print s = "a,b" | mv-expand p = split(s, ",") to typeof(string) | project p', [['a'], ['b']]],
  // make-series
  ['make-series counts per step', 'customMetrics | where name == "queue_length" | make-series q = count() default=0 on timestamp from datetime(2024-05-01 10:00) to datetime(2024-05-01 10:06) step 2m', [['[2,1,1]', '["2024-05-01T10:00:00Z","2024-05-01T10:02:00Z","2024-05-01T10:04:00Z"]']]],
  ['make-series fills empty steps with the default', 'customMetrics | where name == "queue_length" | make-series q = max(value) default=0 on timestamp from datetime(2024-05-01 10:00) to datetime(2024-05-01 10:10) step 2m | project q', [['[4,3,6,0,0]']]],
  ['make-series by a key', 'customMetrics | make-series n = count() default=0 on timestamp from datetime(2024-05-01 10:00) to datetime(2024-05-01 10:02) step 1m by name | project name, n | order by name asc', [['heap_used', '[0,1]'], ['queue_length', '[1,1]']]],
  ['make-series then mv-expand back to rows', 'customMetrics | where name == "queue_length" | make-series q = count() default=0 on timestamp from datetime(2024-05-01 10:00) to datetime(2024-05-01 10:06) step 2m | mv-expand q to typeof(long), timestamp to typeof(datetime) | project timestamp, q', [['2024-05-01T10:00:00Z', 2], ['2024-05-01T10:02:00Z', 1], ['2024-05-01T10:04:00Z', 1]]],
  // scalar functions
  ['now() is one instant for the whole query', 'print a = now(), b = now() | extend same = a == b', [['2024-05-01T12:00:00Z', '2024-05-01T12:00:00Z', true]]],
  ['ago', 'print ago(1h)', [['2024-05-01T11:00:00Z']]],
  ['ago in days', 'print ago(2d)', [['2024-04-29T12:00:00Z']]],
  ['datetime literals', 'print datetime(2024-05-01), datetime(2024-05-01 10:30:15), datetime(2024-05-01T10:30:15.5Z)', [['2024-05-01T00:00:00Z', '2024-05-01T10:30:15Z', '2024-05-01T10:30:15.5000000Z']]],
  ['timespan literals', 'print 90s, 1.5h, 2d, 100ms, timespan(1.02:03:04)', [['00:01:30', '01:30:00', '2.00:00:00', '00:00:00.1000000', '1.02:03:04']]],
  ['datetime + timespan', 'print datetime(2024-05-01) + 36h', [['2024-05-02T12:00:00Z']]],
  ['datetime - datetime is a timespan', 'print datetime(2024-05-02) - datetime(2024-05-01 23:00)', [['01:00:00']]],
  ['timespan / timespan is a number', 'print 1h / 15m', [[4]]],
  ['number * timespan', 'print 2 * 30m', [['01:00:00']]],
  ['bin of numbers floors', 'print bin(4.7, 1), bin(-4.5, 1), bin(17, 5)', [[4, -5, 15]]],
  ['bin of a week counts from 0001-01-01 (a Monday)', 'print bin(datetime(2024-05-01), 7d)', [['2024-04-29T00:00:00Z']]],
  ['bin of a timespan', 'print bin(100m, 1h)', [['01:00:00']]],
  ['floor is bin', 'print floor(datetime(2024-05-01 10:17:00), 15m)', [['2024-05-01T10:15:00Z']]],
  ['startofday', 'print startofday(datetime(2024-05-01 17:45))', [['2024-05-01T00:00:00Z']]],
  ['startofday with an offset', 'print startofday(datetime(2024-05-01 17:45), -1)', [['2024-04-30T00:00:00Z']]],
  ['format_datetime', 'print format_datetime(datetime(2024-05-01 07:08:09.123), "yyyy-MM-dd HH:mm:ss.fff")', [['2024-05-01 07:08:09.123']]],
  ['format_datetime on a 12-hour clock', 'print format_datetime(datetime(2024-05-01 15:04), "h:mm tt")', [['3:04 PM']]],
  ['tostring of a datetime', 'print tostring(datetime(2024-05-01 10:00))', [['2024-05-01T10:00:00Z']]],
  ['tostring of bool, real and long', 'print tostring(true), tostring(1.5), tostring(10)', [['true', '1.5', '10']]],
  ['tostring of a timespan', 'print tostring(90m)', [['01:30:00']]],
  ['toint reads text and truncates reals', 'print toint("42"), toint(4.7), toint("x")', [[42, 4, null]]],
  ['tolong', 'print tolong("9007199254740")', [[9007199254740]]],
  ['todouble and toreal', 'print todouble("2.5"), toreal(3)', [[2.5, 3]]],
  ['tobool', 'print tobool("true"), tobool("False"), tobool(0), tobool("yes")', [[true, false, false, null]]],
  ['todatetime', 'print todatetime("2024-05-01 10:00:00")', [['2024-05-01T10:00:00Z']]],
  ['toguid, as Microsoft\'s example', 'print toguid("0123456789abcdef0123456789abcdef"), toguid("0123456789ab-cdef-0123-456789abcdef"), toguid("a string that is not a guid")', [['01234567-89ab-cdef-0123-456789abcdef', '01234567-89ab-cdef-0123-456789abcdef', null]]],
  ['extract as a guid reads as toguid', 'print extract("id=([0-9a-fA-F]+)", 1, "id=0123456789ABCDEF0123456789abcdef", typeof(guid))', [['01234567-89ab-cdef-0123-456789abcdef']]],
  ['a guid compared with a dynamic reads the dynamic as toguid', 'print g = toguid("0123456789abcdef0123456789abcdef") | where g == dynamic("01234567-89AB-CDEF-0123-456789ABCDEF") | count', [[1]]],
  ['todatetime of unreadable text is null', 'print todatetime("soon")', [[null]]],
  ['iff', 'requests | project r = iff(duration > 100, "slow", "fast")', [['slow'], ['fast'], ['fast'], ['slow'], ['slow'], ['fast']]],
  ['iif is iff', 'print iif(false, 1, 2)', [[2]]],
  ['iff with a null condition takes the else branch', 'print iff(tobool("maybe"), "y", "n")', [['n']]],
  ['case takes the first true branch', 'requests | project c = case(duration < 20, "fast", duration < 500, "ok", "slow")', [['ok'], ['ok'], ['fast'], ['slow'], ['ok'], ['fast']]],
  ['coalesce skips nulls and empty strings', 'print coalesce(int(null), 5), coalesce("", "x")', [[5, 'x']]],
  ['isempty', 'print isempty(""), isempty("a"), isempty(int(null))', [[true, false, true]]],
  ['isnull: an empty string is not null', 'print isnull(""), isnotnull(1)', [[false, true]]],
  ['strcat converts its arguments', 'print strcat("order ", 7, "-", true)', [['order 7-true']]],
  ['strlen counts characters', 'print strlen("naïve")', [[5]]],
  ['substring', 'print substring("payment", 3), substring("payment", 0, 3)', [['ment', 'pay']]],
  ['substring past the end is empty', 'print substring("abc", 5, 2)', [['']]],
  ['split', 'print split("a/b/c", "/")', [['["a","b","c"]']]],
  ['split with an index', 'print split("a/b/c", "/", 1)', [['["b"]']]],
  ['extract', 'print extract("order ([0-9]+)", 1, "paid order 42 today")', [['42']]],
  ['extract without a match is empty', 'print extract("x([0-9]+)", 1, "none")', [['']]],
  ['extract to a type', 'print extract("([0-9]+)ms", 1, "took 250ms", typeof(long))', [[250]]],
  ['replace_string', 'print replace_string("a-b-c", "-", "+")', [['a+b+c']]],
  ['tolower and toupper', 'print tolower("AbC"), toupper("AbC")', [['abc', 'ABC']]],
  ['round halves away from zero', 'print round(2.5), round(-2.5), round(3.14159, 2)', [[3, -3, 3.14]]],
  ['integer division and modulo truncate', 'print 7 / 2, -7 / 2, 7 % 3', [[3, -3, 1]]],
  ['a real operand makes division real', 'print 7 / 2.0, todouble(7) / 2', [[3.5, 3.5]]],
  ['unary minus', 'print -(3 - 5)', [[2]]],
  ['prev after order by', 'customMetrics | where name == "queue_length" | order by timestamp asc | extend growth = value - prev(value) | project growth', [[null], [2], [-1], [3]]],
  ['prev with a default', 'customMetrics | where name == "queue_length" | order by timestamp asc | extend p = prev(value, 1, 0.0) | project p', [[0], [2], [4], [3]]],
  ['next after serialize', 'customMetrics | where name == "queue_length" | serialize | extend n = next(value) | project n', [[4], [3], [6], [null]]],
  ['prev after order by survives where and project', 'customMetrics | order by timestamp asc | where name == "queue_length" | project value | extend p = prev(value)', [[2, null], [4, 2], [3, 4], [6, 3]]],
  ['prev after top', 'requests | top 3 by duration | extend p = prev(id) | project p', [[''], ['r4'], ['r5']]],
  ['serialize with an assignment', 'customMetrics | where name == "queue_length" | serialize r = value * 2 | project r', [[4], [8], [6], [12]]],
];

// [rule, query, expected "name:type" columns]
const COLUMNS: Array<[string, string, string[]]> = [
  ['an aggregate without a name is named after it: count_', 'requests | summarize count() by name', ['name:string', 'count_:long']],
  ['avg of an int column is real, named avg_<column>', 'requests | summarize avg(itemCount)', ['avg_itemCount:real']],
  ['percentile is named percentile_<column>_<n>', 'requests | summarize percentile(duration, 95)', ['percentile_duration_95:real']],
  ['a by expression takes its column\'s name', 'requests | summarize count() by bin(timestamp, 5m)', ['timestamp:datetime', 'count_:long']],
  ['a named by key and aggregate', 'traces | summarize n = count() by window = bin(timestamp, 10m)', ['window:datetime', 'n:long']],
  ['an unnamed expression over aggregates is Column1, Column2…', 'requests | summarize 100.0 * countif(success == false) / count(), count() - count() by name', ['name:string', 'Column1:real', 'Column2:long']],
  ['a function around one aggregate takes the aggregate\'s name, numbered when it is taken', 'requests | summarize round(avg(duration), 1), avg(duration)', ['avg_duration:real', 'avg_duration1:real']],
  ['count names its column Count', 'traces | count', ['Count:long']],
  ['project-rename renames in place', 'requests | take 1 | project id, name | project-rename n = name', ['id:string', 'n:string']],
  ['an unnamed dynamic member is named column_member', 'requests | project customDimensions.orderId', ['customDimensions_orderId:dynamic']],
  ['join keeps both key columns, the right one suffixed', `${JOIN_SIDES} L | join kind=inner R on orderId`, ['orderId:string', 'id:string', 'orderId1:string', 'outerMessage:string']],
  ['make-series gives arrays and the axis', 'customMetrics | make-series n = count() default=0 on timestamp step 1m by name', ['name:string', 'n:dynamic', 'timestamp:dynamic']],
  ['the classic schema types: success is a string, duration real, itemCount int', 'requests | project success, duration, itemCount, customDimensions, timestamp', ['success:string', 'duration:real', 'itemCount:int', 'customDimensions:dynamic', 'timestamp:datetime']],
  ['performanceCounters exists with its columns', 'performanceCounters | project name, category, counter, instance, value', ['name:string', 'category:string', 'counter:string', 'instance:string', 'value:real']],
  ['exceptions have problemId', 'exceptions | project problemId, type, outerMessage, details', ['problemId:string', 'type:string', 'outerMessage:string', 'details:dynamic']],
];

// [what is wrong, query, expected code, line, column]
const DIAGNOSTICS: Array<[string, string, string, number, number]> = [
  ['a misspelt column', 'requests | where nmae == "POST /new"', 'KS142', 1, 18],
  ['a misspelt column on a later line', 'requests\n| where timestamp > ago(1h)\n| project nmae', 'KS142', 3, 11],
  ['a misspelt table', 'reqests | take 1', 'KS204', 1, 1],
  ['ordering strings with <', 'requests | where resultCode < "201"', 'KS106', 1, 29],
  ['a number where a string is needed', 'requests | where strlen(duration) > 1', 'KS141', 1, 25],
  ['an extend item naming one made in the same extend', 'print a = 1 | extend b = a + 1, c = b * 10', 'KS142', 1, 37],
  ['an operator this engine does not run', 'requests | parse-kv name as (verb:string) with (pair_delimiter=" ")', 'NotSupported', 1, 12],
  ['a function this engine does not run', 'requests | extend h = hash(name)', 'NotSupported', 1, 23],
  ['an unsupported aggregate', 'requests | summarize hll(name)', 'NotSupported', 1, 22],
  ['a join condition other than equality', 'requests | join kind=inner (traces) on $left.timestamp < $right.timestamp', 'KS182', 1, 40],
  // So the converter need not keep which side a column came from: the first is always $left.
  ['$right before $left in a join condition', 'requests | join kind=inner (traces) on $right.operation_Id == $left.operation_Id', 'KS183', 1, 40],
  ['$left on both sides of a join condition', 'requests | join kind=inner (traces) on $left.operation_Id == $left.operation_Id', 'KS183', 1, 62],
  ['a subquery inside in()', 'requests | where operation_Id in ((traces | project operation_Id))', 'KqlError', 1, 18],
  ['a summarize item with no aggregate in it', 'requests | summarize x = 1', 'KqlError', 1, 26],
  ['an aggregate this engine does not run, inside an expression', 'requests | summarize round(todouble(hll(name)))', 'NotSupported', 1, 37],
  ['prev() on rows in no particular order', 'requests | summarize n = count() by name | extend p = prev(n)', 'KqlError', 1, 55],
  ['next() after an operator that loses the order', 'requests | order by timestamp asc | summarize n = count() by name | extend p = next(n)', 'KqlError', 1, 80],
];

// What Microsoft's analyser accepts but this engine refuses: the exact words a learner reads, and where.
// [query, code, message, line, column]
const REFUSALS: Array<[string, string, string, number, number]> = [
  ['requests | take 1; traces | take 1', 'KqlError', 'only one result per query is supported here: remove the extra query or join them with union', 1, 20],
  ['let x = 1; x', 'KqlError', 'a query must end in a table (for a single value, use print)', 1, 12],
  ['let x = 1;', 'KqlError', 'the query has no tabular expression to run', 1, 1],
  ['union kind=outer requests, traces', 'NotSupported', 'NamedParameter is not supported here: kind=outer', 1, 7],
  ['requests | union traces', 'KqlError', 'union after a pipe is not supported here: start the query with union a, b', 1, 12],
  ['requests | count as n', 'NotSupported', 'CountAsIdentifierClause is not supported here: as n', 1, 18],
  ['requests | mv-expand customDimensions limit 2', 'NotSupported', 'MvExpandRowLimitClause is not supported here: limit 2', 1, 39],
  ['requests | mv-expand todynamic(name)', 'KqlError', 'mv-expand takes a column or name = expression', 1, 22],
  ['requests | join hint.remote=auto (traces) on operation_Id', 'NotSupported', 'NamedParameter is not supported here: hint.remote=auto', 1, 17],
  ['customMetrics | make-series n = count() on timestamp in range(ago(1h), now(), 5m)', 'NotSupported', 'MakeSeriesInRangeClause is not supported here: in range(ago(1h), now(), 5m)', 1, 54],
  ['requests | project-away cust*', 'KqlError', 'only plain column names are supported here (no wildcards)', 1, 25],
  ["print d = dynamic({'a': 1})", 'KqlError', "dynamic({'a': 1}) is not JSON this engine can read", 1, 11],
  ['print g = guid(74be27de-1e4e-49d9-b579-fe0b331d3642)', 'KqlError', 'literals of type guid are not supported here', 1, 11],
  ['requests | summarize hint.strategy=shuffle count() by name', 'NotSupported', 'NamedParameter is not supported here: hint.strategy=shuffle', 1, 22],
  ['requests | distinct hint.strategy=shuffle name', 'NotSupported', 'NamedParameter is not supported here: hint.strategy=shuffle', 1, 21],
  ['requests | where isfuzzy=true name == ""', 'NotSupported', 'NamedParameter is not supported here: isfuzzy=true', 1, 18],
  ['requests | mv-expand bagexpansion=array customDimensions', 'NotSupported', 'NamedParameter is not supported here: bagexpansion=array', 1, 22],
  ['customMetrics | make-series kind=nonempty n = count() on timestamp step 1m', 'NotSupported', 'NamedParameter is not supported here: kind=nonempty', 1, 29],
  ['requests | extend t = typeof(long)', 'KqlError', 'values of type type (t) are not supported here', 1, 12],
  ['print t = typeof(long)', 'KqlError', 'values of type type (t) are not supported here', 1, 1],
  ['set notruncation; requests | take 1', 'NotSupported', 'SetOptionStatement is not supported here: set notruncation', 1, 1],
  ['let f = (T:(*)) { T | take 1 }; f(requests)', 'NotSupported', 'functions that take a table (T:(*)) are not supported here: refer to the table or a let inside the function instead', 1, 10],
  ['requests | mv-apply item = customDimensions on (where isnotempty(item))', 'NotSupported', 'MvApplyOperator is not supported here: mv-apply item = customDimensions on (where isnotempty(item))', 1, 12],
  ['requests | mv-apply item = customDimensions on (where tostring(item) has "a long enough condition")', 'NotSupported', 'MvApplyOperator is not supported here: mv-apply item = customDimensions on (where tostring(item) ha…', 1, 12],
  ['requests\n| parse-kv name as\n  (verb:string) with (pair_delimiter=" ")', 'NotSupported', 'ParseKvOperator is not supported here: parse-kv name as', 2, 3],
  ['requests | order hint.strategy=multipleBlocks by duration', 'NotSupported', 'NamedParameter is not supported here: hint.strategy=multipleBlocks', 1, 18],
  ['requests | take hint.spread=2 1', 'NotSupported', 'NamedParameter is not supported here: hint.spread=2', 1, 17],
  ['requests | top hint.strategy=shuffle 2 by duration', 'NotSupported', 'NamedParameter is not supported here: hint.strategy=shuffle', 1, 16],
  ['requests | serialize kind=nonempty', 'NotSupported', 'NamedParameter is not supported here: kind=nonempty', 1, 22],
  ['requests | join kind=inner (requests) on $left.id == $right.id and $left.name == $right.name', 'KqlError', 'join on takes column names or $left.a == $right.b', 1, 42],
  ['requests | where operation_Id in ((traces | project operation_Id))', 'KqlError', 'in with a subquery is not supported here: list the values', 1, 18],
];

describe('what the analyser accepts and this engine refuses, in words a learner can act on', () => {
  for (const [query, code, message, line, column] of REFUSALS) {
    test(`${query} → ${message}`, () => {
      const answer = analyse(query);
      assert.equal(answer.ok, false);
      if (answer.ok) return;
      assert.deepEqual(answer.diagnostics.map((d) => [d.code, d.message, d.line, d.column]), [[code, message, line, column]]);
    });
  }
});

describe('what the analyser hands the engine', () => {
  const queryOf = (text: string) => {
    const answer = analyse(text);
    if (!answer.ok) throw new Error(answer.diagnostics.map((d) => d.message).join('; '));
    return answer.query;
  };
  /** The last operator of the query's pipeline. */
  const lastOperator = (text: string) => {
    const { result } = queryOf(text);
    if (result.kind !== 'pipe') throw new Error(`${text} does not end in an operator`);
    return result.operator;
  };

  test('order by: descending unless asc; nulls last when descending, first when ascending, unless told', () => {
    const keys = (text: string) => {
      const op = lastOperator(text);
      return op.kind === 'sort' ? op.keys.map((k) => [k.descending, k.nullsFirst]) : op.kind === 'top' ? [[op.key.descending, op.key.nullsFirst]] : [];
    };
    assert.deepEqual(keys('requests | order by name, duration asc, id desc nulls first, timestamp asc nulls last'), [[true, false], [false, true], [true, true], [false, false]]);
    assert.deepEqual(keys('requests | top 3 by duration'), [[true, false]]);
    assert.deepEqual(keys('requests | sort by duration asc'), [[false, true]]);
  });

  test('warming up reports the time from before its analysis to after it', (t) => {
    // The clock is scripted and the real parser watched, to see what happens in which order.
    const seen: string[] = [];
    const readings = [1000, 1250.5];
    t.mock.method(performance, 'now', () => {
      seen.push('clock');
      return readings.shift() ?? assert.fail('the clock was read more than twice');
    });
    const parse = Kusto.Language.KustoCode.ParseAndAnalyze.bind(Kusto.Language.KustoCode);
    t.mock.method(Kusto.Language.KustoCode, 'ParseAndAnalyze', (...args: Parameters<typeof parse>) => {
      seen.push('analysis');
      return parse(...args);
    });
    assert.equal(warmUp(), 250.5);
    assert.deepEqual(seen, ['clock', 'analysis', 'clock']);
  });

  test('a warm-up query that does not analyse throws, in the analyser\'s words', () => {
    assert.throws(() => warmUp('requests | where nosuchcolumn > 1 | take nosuch'), {
      message: "the KQL parser failed its warm-up query: The name 'nosuchcolumn' does not refer to any known column, table, variable or function.; The name 'nosuch' does not refer to any known column, table, variable or function.",
    });
  });

  test('every typed null literal is null', () => {
    const { result } = queryOf('print a = datetime(null), b = timespan(null), c = real(null), d = bool(null), e = dynamic(null), f = long(null), g = int( null )');
    assert.deepEqual(result.kind === 'print' ? result.items.map((item) => (item.expr.kind === 'literal' ? item.expr.value : item.expr.kind)) : null, [null, null, null, null, null, null, null]);
  });

  test('typed literals, null literals and dynamic literals become plain values', () => {
    const { result } = queryOf('print a = int(null), b = true, c = real(1.5), d = decimal(2.5), e = long(3), f = "s", g = dynamic(null), h = dynamic([1,"a"]), i = tostring(""), j = false, k = 1h, l = datetime(2024-05-01)');
    assert.equal(result.kind, 'print');
    if (result.kind !== 'print') return;
    assert.deepEqual(result.items.map((item) => [item.name, item.expr.kind === 'literal' ? item.expr.value : item.expr.kind, item.expr.type]), [
      ['a', null, 'int'], ['b', true, 'bool'], ['c', 1.5, 'real'], ['d', 2.5, 'decimal'], ['e', 3, 'long'], ['f', 's', 'string'],
      ['g', null, 'dynamic'], ['h', [1, 'a'], 'dynamic'], ['i', 'call', 'string'], ['j', false, 'bool'], ['k', 3_600_000, 'timespan'], ['l', Date.parse('2024-05-01T00:00:00Z'), 'datetime'],
    ]);
  });

  test('members: dot, brackets and an index of a dynamic literal; join sides; between; unary signs; in', () => {
    const project = lastOperator('requests | project a = customDimensions["orderId"], b = customDimensions.tier, c = dynamic([1,2])[0], d = -duration, e = +duration');
    assert.equal(project.kind, 'project');
    if (project.kind !== 'project') return;
    const shape = (e: (typeof project.items)[number]['expr']): unknown => (e.kind === 'member' ? ['member', shape(e.target), shape(e.key)] : e.kind === 'unary' ? [e.op, shape(e.operand)] : e.kind === 'literal' ? e.value : e.kind === 'column' ? e.name : e.kind);
    assert.deepEqual(project.items.map((item) => shape(item.expr)), [
      ['member', 'customDimensions', 'orderId'], ['member', 'customDimensions', 'tier'], ['member', [1, 2], 0], ['-', 'duration'], ['+', 'duration'],
    ]);
    const join = lastOperator('requests | join kind=leftouter (traces) on $left.operation_Id == $right.operation_Id, cloud_RoleName');
    assert.deepEqual(join.kind === 'join' ? [join.joinKind, join.on] : null, ['leftouter', [{ left: 'operation_Id', right: 'operation_Id' }, { left: 'cloud_RoleName', right: 'cloud_RoleName' }]]);
    const where = lastOperator('requests | where timestamp between (ago(1h) .. now()) and name in~ ("a", "b") and name !in ("c")');
    const kinds: string[] = [];
    const walk = (e: Parameters<typeof shape>[0]): void => {
      if (e.kind === 'binary') { walk(e.left); walk(e.right); } else if (e.kind === 'between') kinds.push(`between negated=${e.negated}`); else if (e.kind === 'in') kinds.push(`${e.op} ${e.list.length}`);
    };
    if (where.kind === 'where') walk(where.condition);
    assert.deepEqual(kinds, ['between negated=false', 'in~ 2', '!in 1']);
  });

  test('project-rename, mv-expand to typeof(), union withsource, and tuple aggregates keep their names and types', () => {
    const rename = lastOperator('requests | project-rename route = name');
    assert.deepEqual(rename.kind === 'project-rename' ? rename.renames : null, [{ to: 'route', from: 'name' }]);
    const expand = lastOperator('requests | mv-expand tag = customDimensions to typeof(string), customDimensions');
    assert.deepEqual(expand.kind === 'mv-expand' ? expand.items.map((i) => [i.name, i.to]) : null, [['tag', 'string'], ['customDimensions', null]]);
    const { result } = queryOf('union withsource=src requests, traces');
    assert.deepEqual(result.kind === 'union' ? [result.withSource, result.sources.map((s) => (s.kind === 'table' ? s.name : s.kind))] : null, ['src', ['requests', 'traces']]);
    const summarize = lastOperator('requests | summarize percentiles(duration, 50, 95), arg_max(timestamp, name) by cloud_RoleName');
    assert.equal(summarize.kind, 'summarize');
    if (summarize.kind !== 'summarize') return;
    assert.deepEqual(summarize.aggregates.map((a) => [a.expr.kind === 'call' ? a.expr.columns.map((c) => `${c.name}:${c.type}`) : [], a.expr.type]), [
      [['percentile_duration_50:real', 'percentile_duration_95:real'], 'dynamic'], [['timestamp:datetime', 'name:string'], 'dynamic'],
    ]);
  });

  test('render keeps its chart kind and with (…) properties', () => {
    const render = lastOperator('requests | summarize count() by bin(timestamp, 1h) | render timechart with (title="t", ytitle="n", ymin=0)');
    assert.deepEqual(render.kind === 'render' ? [render.visualization, render.properties] : null, ['timechart', { title: 't', ytitle: 'n', ymin: 0 }]);
  });
});

describe('KQL result columns are named and typed as Kusto does', () => {
  for (const [rule, query, expected] of COLUMNS) {
    test(`${rule}: ${query}`, () => {
      assert.deepEqual(columns(query), expected);
    });
  }
});

describe('KQL errors are reported at their position', () => {
  for (const [what, query, code, line, column] of DIAGNOSTICS) {
    test(`${what} is ${code} at ${line}:${column}`, () => {
      const answer = runKql(query, new FixtureSource(), { now: NOW });
      assert.equal(answer.ok, false);
      if (answer.ok) return;
      const [first] = answer.diagnostics;
      assert.deepEqual([first?.code, first?.line, first?.column], [code, line, column], first?.message);
      if (code === 'NotSupported') assert.match(first?.message ?? '', /not supported here/);
    });
  }
});

describe('render and pushdown', () => {
  test('render timechart with a title is returned beside the rows, not as a column', () => {
    const result = run('requests | summarize count() by bin(timestamp, 1h) | render timechart with (title="Requests per hour")');
    assert.deepEqual(result.render, { visualization: 'timechart', properties: { title: 'Requests per hour' } });
    assert.deepEqual(result.columns.map((c) => c.name), ['timestamp', 'count_']);
  });
  test('every chart kind the workshop uses is accepted by render', () => {
    for (const kind of ['timechart', 'linechart', 'barchart', 'columnchart', 'areachart', 'piechart', 'table']) {
      assert.equal(run(`requests | summarize count() by name | render ${kind}`).render?.visualization, kind);
    }
  });
  test('on the wire: render beside the table, Azure\'s PartialError words, and the byte cap met exactly', () => {
    const chart = toWireAnswer(run('requests | summarize count() by name | render barchart with (title="t")'), QUERY_LIMITS);
    assert.deepEqual(chart.render, { visualization: 'barchart', title: 't' });
    const rows = run('requests | project id');
    const exactly = rows.rows.reduce((sum, row) => sum + JSON.stringify(row).length + 1, 0);
    assert.equal(toWireAnswer(rows, { maxRows: 100, maxBytes: exactly }).error, undefined, 'a cap the answer exactly fits is not exceeded');
    const cut = toWireAnswer(rows, { maxRows: 100, maxBytes: exactly - 1 });
    assert.equal(cut.tables[0]?.rows.length, rows.rows.length - 1);
    assert.deepEqual([cut.error?.code, cut.error?.message, cut.error?.details[0]?.code], ['PartialError', 'There were some errors when processing your query.', 'E_QUERY_RESULT_SET_TOO_LARGE']);
  });
  test('on the wire: a 400 in Azure\'s words, the analyser\'s codes as SemanticError, ours as they are', () => {
    const analysed = runKql('requests\n| where nmae == 1', new FixtureSource(), { now: NOW });
    const wire = toWireError(analysed.ok ? [] : analysed.diagnostics);
    assert.equal(wire.error.message, 'The request had some invalid properties');
    assert.match(wire.error.innererror?.message ?? '', /\(line 2, position 8\)$/);
    const ours = runKql('requests | extend h = hash(name)', new FixtureSource(), { now: NOW });
    assert.equal(toWireError(ours.ok ? [] : ours.diagnostics).error.innererror?.code, 'NotSupported');
    assert.deepEqual(toWireError([]).error.innererror, { code: 'SemanticError', message: 'The query is not valid', line: 1, pos: 0 });
  });
  test('render anywhere but last is refused', () => {
    const answer = runKql('requests | render table | take 1', new FixtureSource(), { now: NOW });
    assert.equal(answer.ok, false);
    assert.deepEqual(answer.ok ? null : answer.diagnostics.map((d) => [d.code, d.message]), [['KqlError', 'render is supported only as the last operator of the query']]);
  });
  test('prev() after operators that keep an unordered row set is refused, and says what to add', () => {
    for (const query of ['requests | where duration > 0 | extend p = prev(duration)', 'requests | take 3 | extend p = prev(duration)']) {
      const answer = runKql(query, new FixtureSource(), { now: NOW });
      assert.deepEqual(answer.ok ? null : answer.diagnostics.map((d) => [d.code, d.message]), [['KqlError', 'prev() needs rows in order: put order by or serialize before it']], query);
    }
    assert.ok(runKql('requests | order by timestamp asc | where duration > 0 | extend p = prev(duration)', new FixtureSource(), { now: NOW }).ok);
  });
  test('leading timestamp and name filters are pushed to the source, and still applied', () => {
    const source = new FixtureSource();
    const result = run('requests | where timestamp > ago(1h) and name == "GET /healthz" | where duration > 0 | project id', source);
    assert.deepEqual(result.rows, [['r6']]);
    assert.deepEqual(source.reads, [{ table: 'requests', filter: { since: NOW - 3_600_000, until: null, equals: [{ column: 'name', value: 'GET /healthz' }] }, columns: ['timestamp', 'id', 'name', 'duration'] }]);
  });
  test('a filter after another operator is not pushed down', () => {
    const source = new FixtureSource();
    run('requests | project name, timestamp | where name == "x"', source);
    assert.deepEqual(source.reads[0], { table: 'requests', filter: { since: null, until: null, equals: [] }, columns: ['timestamp', 'name'] });
  });
  test('a query that shows whole rows reads every column; one that summarizes reads only what it uses', () => {
    const whole = new FixtureSource();
    run('requests | where name == "GET /" | take 1', whole);
    assert.equal(whole.reads[0]?.columns.length, CLASSIC_SCHEMA.requests.length);
    const joined = new FixtureSource();
    run(`${JOIN_SIDES} L | join kind=inner R on orderId | summarize make_set(outerMessage) by id`, joined);
    assert.deepEqual(joined.reads.map((r) => [r.table, r.columns]), [['requests', ['id', 'customDimensions']], ['exceptions', ['outerMessage', 'customDimensions']]]);
    const star = new FixtureSource();
    run('requests | summarize arg_max(timestamp, *) by name', star);
    assert.equal(star.reads[0]?.columns.length, CLASSIC_SCHEMA.requests.length);
    const counted = new FixtureSource();
    assert.deepEqual(run('requests | count', counted).rows, [[6]]);
    assert.deepEqual(counted.reads[0]?.columns, ['timestamp']);
  });
  test('what narrows the read: timestamp > or >= a constant (the latest wins), a string == a constant; nothing else', () => {
    const filterOf = (query: string) => {
      const source = new FixtureSource();
      run(query, source);
      return source.reads[0]?.filter;
    };
    const none = { since: null, until: null, equals: [] };
    const H = 3_600_000;
    assert.deepEqual(filterOf('requests | where timestamp > ago(1h) | where timestamp >= ago(30m)'), { ...none, since: NOW - H / 2 });
    assert.deepEqual(filterOf('requests | where timestamp >= ago(30m) and timestamp > ago(1h)'), { ...none, since: NOW - H / 2 });
    assert.deepEqual(filterOf('let cutoff = ago(2h); requests | where timestamp > cutoff'), { ...none, since: NOW - 2 * H });
    // A workspace table is timed by TimeGenerated, read from the classic table's timestamp.
    assert.deepEqual(filterOf('AppRequests | where TimeGenerated > ago(1h)'), { ...none, since: NOW - H });
    for (const query of [
      'requests | where timestamp < ago(1h)', 'requests | where timestamp <= ago(1h)', 'requests | where ago(1h) < timestamp',
      'requests | where timestamp > ago(1h) or name == "x"', 'requests | where duration > 5', 'requests | where timestamp > timestamp - 1h',
      'requests | where name =~ "get /"', 'requests | where name != "x"', 'requests | where name == cloud_RoleName', 'requests | where name has "x"',
      'requests | take 5 | where name == "x"',
    ]) {
      assert.deepEqual(filterOf(query), none, query);
    }
    assert.deepEqual(filterOf('requests | where name == strcat("GET", " /") and cloud_RoleName == "app"'), { ...none, equals: [{ column: 'name', value: 'GET /' }, { column: 'cloud_RoleName', value: 'app' }] });
  });
  test('the query API\'s timespan and the query\'s own bound meet: the later start, the earlier end', () => {
    const boundsOf = (query: string, from: number, to: number) => {
      const source = new FixtureSource();
      runKql(query, source, { now: NOW, timespan: { from, to } });
      return [source.reads[0]?.filter.since, source.reads[0]?.filter.until];
    };
    const H = 3_600_000;
    assert.deepEqual(boundsOf('requests | where timestamp > ago(30m)', NOW - 2 * H, NOW - H), [NOW - H / 2, NOW - H]);
    assert.deepEqual(boundsOf('requests | where timestamp > ago(3h)', NOW - 2 * H, NOW - H), [NOW - 2 * H, NOW - H]);
    assert.deepEqual(boundsOf('requests', NOW - 2 * H, NOW - H), [NOW - 2 * H, NOW - H]);
  });
  test('the query API\'s timespan bounds every table read', () => {
    const source = new FixtureSource();
    const answer = runKql('union requests, traces | count', source, { now: NOW, timespan: { from: NOW - 600_000, to: NOW } });
    assert.ok(answer.ok);
    assert.deepEqual(source.reads.map((r) => [r.table, r.filter.since, r.filter.until]), [['requests', NOW - 600_000, NOW], ['traces', NOW - 600_000, NOW]]);
  });
});

describe('KQL conformance', () => {
  for (const [rule, query, expected] of CONFORMANCE) {
    test(`${rule}: ${query}`, () => {
      assert.deepEqual(rows(query), expected);
    });
  }
  test('every operator the engine runs and every aggregate it computes is checked by at least one row', () => {
    // Typed as a record of every kind, so a new operator does not compile until it is listed here.
    const operators: Record<Operator['kind'] | 'print' | 'union', true> = {
      where: true, project: true, 'project-away': true, 'project-rename': true, extend: true, summarize: true, count: true, distinct: true,
      sort: true, take: true, top: true, serialize: true, join: true, 'mv-expand': true, 'make-series': true, render: true, print: true, union: true,
      parse: true,
    };
    const used = new Set<string>();
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (typeof node !== 'object' || node === null) return;
      if ('kind' in node && (node.kind === 'print' || node.kind === 'union')) used.add(node.kind);
      if ('kind' in node && node.kind === 'pipe' && 'operator' in node) used.add((node.operator as Operator).kind);
      if ('kind' in node && node.kind === 'call' && 'name' in node) used.add(String(node.name));
      Object.values(node).forEach(visit);
    };
    for (const [, query] of CONFORMANCE) {
      const analysis = analyse(query);
      assert.ok(analysis.ok, query);
      visit(analysis.query);
    }
    // Checked elsewhere for now: render answers no rows (see 'render and pushdown' above), and
    // these aggregates only in aggregates.test.ts, on the engine's own values.
    const elsewhere = new Set(['render', 'dcountif', 'take_any', 'stdev', 'variance']);
    const unchecked = [...Object.keys(operators), ...AGGREGATES].filter((name) => !used.has(name) && !elsewhere.has(name));
    assert.deepEqual(unchecked, [], 'without a conformance row');
  });
});

describe('KQL over local-insights\' SQLite tables', () => {
  const envelope = (time: string, baseType: string, baseData: Record<string, unknown>) => ({
    name: `Microsoft.ApplicationInsights.${baseType}`, time, iKey: 'k', tags: { 'ai.cloud.role': APP, 'ai.operation.id': 'op1' }, data: { baseType, baseData },
  });
  const db = TelemetryDb.open(':memory:');
  db.insertAll([
    mapEnvelope(envelope('2024-05-01T11:30:00.000Z', 'RequestData', { id: 'a', name: 'POST /new', duration: '00:00:00.120', responseCode: '201', success: true, properties: { orderId: '7' } })),
    mapEnvelope(envelope('2024-05-01T11:50:00.000Z', 'RequestData', { id: 'b', name: 'POST /new', duration: '00:00:00.030', responseCode: '507', success: false })),
    mapEnvelope(envelope('2024-05-01T09:00:00.000Z', 'RequestData', { id: 'c', name: 'GET /', duration: '00:00:00.010', responseCode: '200', success: true })),
    mapEnvelope(envelope('2024-05-01T11:51:00.000Z', 'MessageData', { message: 'payment attempt', properties: { orderId: '7' } })),
  ]);
  const sqlite = new SqliteSource(db.db);
  const query = (text: string) => {
    const answer = runKql(text, sqlite, { now: NOW });
    assert.ok(answer.ok, JSON.stringify(answer));
    return answer.result.rows.map((row) => row.map((v, k) => toWire(v, answer.result.columns[k]?.type ?? 'dynamic')));
  };

  test('success reads as the string "True"/"False", and compares with a bool', () => {
    assert.deepEqual(query('requests | project id, success | order by id asc'), [['a', 'True'], ['b', 'False'], ['c', 'True']]);
    assert.deepEqual(query('requests | where success == false | project id'), [['b']]);
  });
  test('timestamps, durations, dynamic columns and unsent columns read in their classic types', () => {
    assert.deepEqual(query('requests | where id == "a" | project timestamp, duration, tostring(customDimensions.orderId), itemCount, itemType, session_Id, performanceBucket'),
      [['2024-05-01T11:30:00Z', 120, '7', 1, 'request', '', '<250ms']]);
  });
  test('every item has its own itemId, shaped as a GUID', () => {
    const ids = [...query('requests | project itemId'), ...query('traces | project itemId')].map(([id]) => String(id));
    assert.equal(new Set(ids).size, 4);
    for (const id of ids) assert.match(id, /^[0-9a-f]{8}-0000-4000-8000-[0-9a-f]{12}$/);
  });
  test('leading timestamp and name filters narrow the SQL, and the answer is the same as without them', () => {
    assert.deepEqual(query('requests | where timestamp > ago(1h) and name == "POST /new" | count'), [[2]]);
    assert.deepEqual(query('requests | where name == "" | count'), [[0]]);
    assert.deepEqual(query('requests | project timestamp, name | where timestamp > ago(1h) and name == "POST /new" | count'), [[2]]);
  });
  test('npm run telemetry answers KQL as a table, as JSON, bounded by --timespan, and shows an error where it is', () => {
    const file = path.join(makeTempDir('kql-cli'), 'telemetry.db');
    const fileDb = TelemetryDb.open(file);
    fileDb.insertAll([mapEnvelope(envelope(new Date().toISOString(), 'RequestData', { id: 'now', name: 'GET /', duration: '00:00:00.010', responseCode: '200', success: true })),
      mapEnvelope(envelope('2024-05-01T09:00:00.000Z', 'RequestData', { id: 'old', name: 'GET /', duration: '00:00:00.010', responseCode: '200', success: true }))]);
    fileDb.close();
    assert.deepEqual(telemetryCommand(['requests | summarize n = count() by name'], file), { out: 'name  | n\n------+--\nGET / | 2\n(1 rows)', code: 0 });
    const json = telemetryCommand(['requests | project id', '--json', '--timespan', 'PT1H'], file);
    assert.deepEqual(JSON.parse(json.out), { tables: [{ name: 'PrimaryResult', columns: [{ name: 'id', type: 'string' }], rows: [['now']] }] });
    const error = telemetryCommand(['requests\n| project nmae'], file);
    assert.equal(error.code, 1);
    assert.match(error.out, /'nmae'.*\n\| project nmae\n {10}\^/);
  });
  test('npm run telemetry answers an expression over aggregates, named as the analyser names it', () => {
    const file = path.join(makeTempDir('kql-cli'), 'telemetry.db');
    const fileDb = TelemetryDb.open(file);
    fileDb.insertAll([true, false, true].map((success, i) => mapEnvelope(envelope(new Date().toISOString(), 'RequestData', { id: `r${i}`, name: 'POST /new', duration: '00:00:00.010', responseCode: success ? '201' : '507', success }))));
    fileDb.close();
    const answer = telemetryCommand(['requests | summarize failRate = 100.0 * countif(success == "False") / count(), round(avg(duration), 1)', '--json'], file);
    assert.deepEqual(JSON.parse(answer.out), { tables: [{ name: 'PrimaryResult', columns: [{ name: 'failRate', type: 'real' }, { name: 'avg_duration', type: 'real' }], rows: [[100 / 3, 10]] }] });
  });
  test('a join across tables reads both', () => {
    assert.deepEqual(query('traces | project orderId = tostring(customDimensions.orderId), message | join kind=inner (requests | project orderId = tostring(customDimensions.orderId), id) on orderId | project message, id'),
      [['payment attempt', 'a']]);
  });
});

describe('the query API\'s limits and timespan', () => {
  test('an answer over the row cap says so (PartialError) rather than being silently cut', () => {
    const answer = toWireAnswer(run('requests | project id'), { maxRows: 4, maxBytes: 1_000_000 });
    assert.equal(answer.tables[0]?.rows.length, 4);
    assert.equal(answer.error?.code, 'PartialError');
    assert.match(answer.error?.details[0]?.message ?? '', /record count limit 4 .*first 4 of 6 rows/);
  });
  test('an answer over the size cap says so too', () => {
    const answer = toWireAnswer(run('requests | project id'), { maxRows: 100, maxBytes: 12 });
    assert.equal(answer.tables[0]?.rows.length, 1);
    assert.match(answer.error?.details[0]?.message ?? '', /data size limit 12 bytes/);
  });
  test('an answer within the caps has no error', () => {
    assert.equal(toWireAnswer(run('requests | project id'), QUERY_LIMITS).error, undefined);
  });
  test('a timespan is an ISO 8601 duration ending now, or an interval', () => {
    assert.deepEqual(parseTimespan('PT1H', NOW), { from: NOW - 3_600_000, to: NOW });
    assert.deepEqual(parseTimespan('P1DT30M', NOW), { from: NOW - 88_200_000, to: NOW });
    assert.deepEqual(parseTimespan('2024-05-01T10:00:00Z/2024-05-01T11:00:00Z', NOW), { from: t('2024-05-01T10:00:00Z'), to: t('2024-05-01T11:00:00Z') });
    assert.deepEqual(parseTimespan('2024-05-01T10:00:00Z/PT30M', NOW), { from: t('2024-05-01T10:00:00Z'), to: t('2024-05-01T10:30:00Z') });
    assert.ok('error' in parseTimespan('1h', NOW));
    assert.ok('error' in parseTimespan('PT', NOW));
  });
  test('a 400 names the analyser\'s line and the position within that line (from 0), as Azure\'s innererror does', () => {
    const answer = runKql('requests\n| where nmae == 1', new FixtureSource(), { now: NOW });
    assert.ok(!answer.ok);
    if (answer.ok) return;
    const wire = toWireError(answer.diagnostics);
    assert.deepEqual([wire.error.code, wire.error.innererror?.code, wire.error.innererror?.line, wire.error.innererror?.pos], ['BadArgumentError', 'SemanticError', 2, 8]);
  });
});
