// The names main.bicep gives its resources, and its outputs, worked out as ARM would for one
// deployment (its parameters, its resource group): string interpolation, parameters, variables,
// `c ? a : b`, `a == b`, true/false, uniqueString(…), resourceGroup().id, a resource's name, and the
// host names Azure gives a Web App and a SQL server. Used by the stand-in `az` to answer a deployment with the template's own
// outputs, and by tests to check the real names against Azure's limits. Anything else it meets is
// an error naming the expression, so a template that outgrows it is noticed, not guessed at.
'use strict';
const { uniqueString } = require('./arm-unique-string.cjs');

/** Host names Azure gives, by resource type and property. */
const HOSTS = {
  'Microsoft.Web/sites': { defaultHostName: (name) => `${name}.azurewebsites.net` },
  'Microsoft.Sql/servers': { fullyQualifiedDomainName: (name) => `${name}.database.windows.net` },
};

function declarations(text) {
  const params = new Map([...text.matchAll(/^param (\w+) \w+(?: = (.+))?$/gm)].map((m) => [m[1], m[2]]));
  const variables = new Map([...text.matchAll(/^var (\w+) = (.+)$/gm)].map((m) => [m[1], m[2]]));
  const resources = new Map();
  for (const m of text.matchAll(/^resource (\w+) '([^'@]+)@[^']+' = [^\n]*\{\n([\s\S]*?)^\}/gm)) {
    resources.set(m[1], { type: m[2], nameExpression: /^ {2}name: (.+)$/m.exec(m[3])?.[1], parent: /^ {2}parent: (\w+)$/m.exec(m[3])?.[1] });
  }
  const outputs = new Map([...text.matchAll(/^output (\w+) \w+ = (.+)$/gm)].map((m) => [m[1], m[2]]));
  return { params, variables, resources, outputs };
}

/** Splits `text` at each `separator` outside parentheses, braces and quotes. */
function splitOutside(text, separator) {
  const parts = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" && text[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && '({'.includes(c)) depth++;
    else if (!quoted && ')}'.includes(c)) depth--;
    else if (!quoted && depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i).trim());
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/**
 * @param {string} text the template's source
 * @param {Record<string, string>} parameters the deployment's parameters
 * @param {string} resourceGroupId e.g. /subscriptions/…/resourceGroups/rg-orders-alice
 */
function evaluateTemplate(text, parameters, resourceGroupId) {
  const { params, variables, resources, outputs } = declarations(text);

  function evaluate(expression) {
    const e = expression.replace(/\s+\/\/ [^']*$/, '').trim(); // a trailing comment
    const [condition, ...branches] = splitOutside(e, ' ? ');
    if (branches.length > 0) {
      const [then, otherwise] = splitOutside(branches.join(' ? '), ' : ');
      return evaluate(condition) === 'true' ? evaluate(then) : evaluate(otherwise);
    }
    const sides = splitOutside(e, ' == ');
    if (sides.length === 2) return String(evaluate(sides[0]) === evaluate(sides[1]));
    if (e === 'true' || e === 'false') return e;
    if (/^'[^']*(?:\\'[^']*)*'$/s.test(e)) return interpolate(e.slice(1, -1));
    if (e === 'resourceGroup().id') return resourceGroupId;
    const call = /^uniqueString\((.*)\)$/.exec(e);
    if (call) return uniqueString(...splitOutside(call[1], ',').filter(Boolean).map(evaluate));
    const member = /^(\w+)\.(name|properties\.(\w+))$/.exec(e);
    if (member && resources.has(member[1])) {
      const name = resourceName(member[1]);
      if (member[2] === 'name') return name;
      const host = HOSTS[resources.get(member[1]).type]?.[member[3]];
      if (host) return host(name);
    }
    if (/^\w+$/.test(e)) {
      if (e in parameters) return String(parameters[e]);
      if (params.has(e)) {
        if (params.get(e) === undefined) throw new Error(`parameter ${e} has no value and no default`);
        return evaluate(params.get(e));
      }
      if (variables.has(e)) return evaluate(variables.get(e));
    }
    throw new Error(`the stand-in cannot evaluate the template expression: ${e}`);
  }

  function interpolate(body) {
    let out = '';
    for (let i = 0; i < body.length; i++) {
      if (body[i] === '\\') {
        out += body[++i];
      } else if (body[i] === '$' && body[i + 1] === '{') {
        let depth = 1;
        let j = i + 2;
        for (; j < body.length && depth > 0; j++) if (body[j] === '{') depth++; else if (body[j] === '}') depth--;
        out += evaluate(body.slice(i + 2, j - 1));
        i = j - 1;
      } else {
        out += body[i];
      }
    }
    return out;
  }

  function resourceName(symbol) {
    const resource = resources.get(symbol);
    if (!resource.nameExpression) throw new Error(`resource ${symbol} has no name`);
    const own = evaluate(resource.nameExpression);
    return resource.parent ? `${resourceName(resource.parent)}/${own}` : own;
  }

  return {
    evaluate,
    resources: [...resources].map(([symbol, { type }]) => ({ symbol, type, name: resourceName(symbol) })),
    outputs: Object.fromEntries([...outputs].map(([name, expression]) => [name, evaluate(expression)])),
  };
}

module.exports = { evaluateTemplate };
