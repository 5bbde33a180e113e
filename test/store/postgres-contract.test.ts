import { openPostgresStore } from '../../src/store/postgres.js';
import { usePostgres } from '../helpers/postgres.js';
import { storeContract } from './contract.js';

// A fresh database per test on the shared test server; each open is a pool of its own,
// so the racing tests race two pools' connections for real.
storeContract('postgres', {
  location: async (t) => (await usePostgres(t))?.database(t),
  open: (url, options) => openPostgresStore(url, options),
});
