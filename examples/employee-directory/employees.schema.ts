/**
 * The team's existing `employees` table, as their HR tooling created it long before this server. The
 * server's migrations know nothing of it: a team already has it, and the example's spec creates it in
 * the test database with this SQL. Runs as is on PGlite and PostgreSQL.
 */
export const EMPLOYEES_SCHEMA = `
  CREATE TABLE employees (
    id            text PRIMARY KEY,
    login_name    text NOT NULL,
    full_name     text NOT NULL,
    email         text,
    password_hash text NOT NULL,
    active        boolean NOT NULL DEFAULT true
  );
  -- One employee per login name however it is capitalised, so a case-insensitive match names at most one.
  CREATE UNIQUE INDEX employees_login_name_lower ON employees (lower(login_name));
`;

/** A row of `employees`, as the driver returns it. */
export interface EmployeeRow {
  /** `emp-000123`: the id the rest of the company knows, and the OIDC subject. */
  id: string;
  login_name: string;
  full_name: string;
  email: string | null;
  /** `scrypt$<N>$<salt>$<hash>`: see `employee-password.hash.ts`. */
  password_hash: string;
  active: boolean;
}
