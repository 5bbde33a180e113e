/**
 * The store contract: what any Store must do, whichever database is behind it. Each
 * backend's `*-contract.test.ts` registers these tests with its own locations, so the
 * SQLite and PostgreSQL stores answer the very same assertions. Tests about one backend's
 * files, schema or connections stay in that backend's own test files. Not a test file
 * itself.
 */
import { test, type TestContext } from 'node:test';
import type { Store } from '../../src/store/types.js';
import { claimContract } from './contract-claims.js';
import { editionContract } from './contract-editions.js';
import { pendingContract } from './contract-pending.js';
import type { Register } from './contract-shared.js';
import { subscriberContract } from './contract-subscribers.js';

export interface OpenOptions {
  readonly?: boolean;
}

export interface Backend {
  /** A fresh empty store location for this test, or undefined to skip (the backend's helper already printed why). */
  location(t: TestContext): Promise<string | undefined>;
  /** Opens a store at a location (may be called several times for one location: two "processes" racing). Closed by the contract after the test. */
  open(location: string, options?: OpenOptions): Promise<Store>;
}

/** Registers every contract test as `[name] title`, each on a fresh location of `backend`. */
export function storeContract(name: string, backend: Backend): void {
  const register: Register = (title, body) => {
    test(`[${name}] ${title}`, async (t) => {
      const location = await backend.location(t);
      if (location === undefined) return;
      const open = async (options?: OpenOptions): Promise<Store> => {
        const store = await backend.open(location, options);
        t.after(() => store.close());
        return store;
      };
      await body({ store: await open(), open });
    });
  };
  subscriberContract(register);
  editionContract(register);
  claimContract(register);
  pendingContract(register);
}
