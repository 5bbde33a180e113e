import type { Command } from '../context.js';
import { BroadsheetError } from '../../errors.js';

// Placeholder until the command lands; it fails loudly rather than pretending.
const command: Command = {
  summary: 'status',
  usage: 'Usage: broadsheet status',
  async run() {
    throw new BroadsheetError({ code: 'NotImplemented', message: 'broadsheet status is not implemented yet' });
  },
};
export default command;
