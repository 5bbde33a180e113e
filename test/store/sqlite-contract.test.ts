import path from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { storeContract } from './contract.js';
import { tempDir } from './temp-store.js';

// A new file under a temp folder per test, in a folder that does not exist yet (as on a
// first run); a second store on the same file is a second connection, as another process.
storeContract('sqlite', {
  location: async (t) => path.join(tempDir(t), 'state', 'broadsheet.db'),
  open: async (file, options) => openSqliteStore(file, options),
});
