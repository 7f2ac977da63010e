// Keep test output readable: the servers under test log at warn level unless LOG_LEVEL asks otherwise.
process.env.LOG_LEVEL ??= 'silent';
