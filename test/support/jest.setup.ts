// .ci/run sets this for its pass on another Node than the installed one: a suite that silently ran on the
// wrong Node would prove nothing.
const expectedNodeMajor = process.env.EXPECTED_NODE_MAJOR;
if (expectedNodeMajor && process.versions.node.split('.')[0] !== expectedNodeMajor) {
  throw new Error(`These tests must run on Node ${expectedNodeMajor}, not ${process.version}`);
}

// Keep test output readable: the servers under test log at warn level unless LOG_LEVEL asks otherwise.
process.env.LOG_LEVEL ??= 'silent';

// oidc-provider 9 asks for Node 22 on every import when it runs on Node 20 (end of life, still installed on some
// machines, where it works); on Node 22 and 24 it says nothing.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes('Unsupported runtime')) return;
  warn(...args);
};

// The identity server reads every request body at its edge and hands oidc-provider the checked text,
// which the provider parses itself; it says so once per process (see `requestInput`'s `raw` mode).
const alsoQuiet = console.warn;
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes('already parsed request body detected')) return;
  alsoQuiet(...args);
};

// Jest runs each test file in a VM context, but `structuredClone` is Node's own: what it returns is built
// from the outer realm's Object, and a check such as oidc-provider's `value.constructor === Object` (a
// client's inline `jwks`) then fails under Jest only. Clones are rebuilt here from this realm's objects.
const outerStructuredClone = globalThis.structuredClone;
const ownRealm = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(ownRealm);
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(Object.getPrototypeOf(value) ?? Object.prototype) !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, ownRealm(entry)]));
};
globalThis.structuredClone = ((value: unknown, options?: StructuredSerializeOptions) => ownRealm(outerStructuredClone(value, options))) as typeof structuredClone;
