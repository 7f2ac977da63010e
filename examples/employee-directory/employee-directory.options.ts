import type { IdentityServerOptions } from '../../src/identity-server.module.js';
import { EmployeeUserStore } from './employee.user-store.js';

/**
 * What the team passes to `createIdentityServer(config, options)`: the employee directory as the user
 * store. Given as a class, Nest builds it and injects the server's `DATABASE`, so no module is needed.
 */
export const employeeDirectoryOptions: IdentityServerOptions = {
  userStore: EmployeeUserStore,
};
