// Keep test output readable: the servers under test log at warn level unless LOG_LEVEL asks otherwise.
process.env.LOG_LEVEL ??= 'silent';

// oidc-provider 9 asks for Node 22 on every import; the machines run Node 20, where it works.
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
