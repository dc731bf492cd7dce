// RE2 through KQL: `matches regex`, extract() and parse read a pattern as Azure does, and a pattern
// RE2 lacks is refused at the place it stands in the query (re2.test.ts tests the reading itself).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { answerOn, openCorpusTelemetry } from './corpus/corpus-telemetry';
import { warmUp } from './kusto-parser';
import { runKql } from './run-kql';

const telemetry = openCorpusTelemetry();
before(() => warmUp());
after(() => telemetry.close());

test('through KQL: matches regex, extract and parse read RE2, and a lookahead is refused where it stands', () => {
  const rows = (query: string) => answerOn(telemetry.source, query).rows;
  assert.deepEqual(rows('print ok = "ERROR: boom" matches regex "(?i)^error", code = extract("(?P<code>\\\\d+)", 1, "answered 503")'), [[true, '503']]);
  assert.deepEqual(rows('traces | where message matches regex @"(?i)^response FROM" | count'), [[2]]);
  // parse kind=regex: RE2's \x{…} and . (which stops only at a line feed) in the pattern's text.
  assert.deepEqual(rows('print s = "id=7\\rok" | parse kind=regex s with @"id\\x{3D}" n:long @"." rest:string'), [['id=7\rok', 7, 'ok']]);
  const refused = runKql('print x = "a:b" matches regex "a(?=:)"', telemetry.source, { now: Date.now() });
  assert.equal(refused.ok, false);
  const diagnostic = refused.ok ? undefined : refused.diagnostics[0];
  assert.equal(diagnostic?.message, 'the regular expression "a(?=:)": the lookaround (?=…) is not in Kusto\'s regular expressions (RE2)');
  assert.equal(diagnostic?.column, 31);
});
