// A small JSON Schema validator for the keywords test/schemas/report.schema.json uses (type, enum,
// const, required, properties, additionalProperties, items, anyOf, oneOf, minimum, maximum,
// minLength, pattern, local $ref); unknown keywords are an error so the schema cannot silently rot.
export type Schema = { [k: string]: unknown };

const KNOWN = new Set(['$schema', '$id', '$defs', 'title', 'description', 'type', 'enum', 'const', 'required', 'properties',
  'additionalProperties', 'items', 'anyOf', 'oneOf', 'minimum', 'maximum', 'minLength', 'pattern', '$ref']);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Validates `value` against `schema`; returns the problems as "path: message" (empty = valid). */
export function validateJson(value: unknown, schema: Schema, root: Schema = schema, path = '$'): string[] {
  for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`validateJson: unsupported keyword '${k}' at ${path}`);
  if (typeof schema.$ref === 'string') {
    const m = /^#\/\$defs\/(.+)$/.exec(schema.$ref);
    const target = m ? (root.$defs as Record<string, Schema> | undefined)?.[m[1]] : undefined;
    if (!target) throw new Error(`validateJson: unresolved $ref ${schema.$ref}`);
    return validateJson(value, target, root, path);
  }
  const errs: string[] = [];
  const t = typeOf(value);
  if (schema.type !== undefined) {
    const types = ([] as string[]).concat(schema.type as string | string[]);
    if (!types.some((x) => x === t || (x === 'number' && t === 'integer'))) return [`${path}: expected ${types.join('|')}, got ${t}`];
  }
  if (schema.enum && !(schema.enum as unknown[]).some((e) => e === value)) errs.push(`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
  if ('const' in schema && schema.const !== value) errs.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errs.push(`${path}: ${value} < minimum ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) errs.push(`${path}: ${value} > maximum ${schema.maximum}`);
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) errs.push(`${path}: shorter than ${schema.minLength}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) errs.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  }
  if (t === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const r of (schema.required ?? []) as string[]) if (!(r in obj)) errs.push(`${path}: missing required '${r}'`);
    for (const [k, v] of Object.entries(obj)) {
      if (k in props) errs.push(...validateJson(v, props[k], root, `${path}.${k}`));
      else if (schema.additionalProperties === false) errs.push(`${path}: unexpected property '${k}'`);
      else if (typeof schema.additionalProperties === 'object') errs.push(...validateJson(v, schema.additionalProperties as Schema, root, `${path}.${k}`));
    }
  }
  if (t === 'array' && schema.items) (value as unknown[]).forEach((v, i) => errs.push(...validateJson(v, schema.items as Schema, root, `${path}[${i}]`)));
  for (const [kw, want] of [['anyOf', (n: number) => n >= 1], ['oneOf', (n: number) => n === 1]] as const) {
    const subs = schema[kw] as Schema[] | undefined;
    if (!subs) continue;
    const ok = subs.filter((s) => validateJson(value, s, root, path).length === 0).length;
    if (!want(ok)) errs.push(`${path}: ${ok} of the ${kw} alternatives match ${JSON.stringify(value)}`);
  }
  return errs;
}
