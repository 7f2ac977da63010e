// Work done once per Jest run, before any test file; filled in as suites need it.
export default async function globalSetup(): Promise<void> {}
