import type { Command } from '../context.js';
import { BroadsheetError } from '../../errors.js';

// Placeholder until the command lands; it fails loudly rather than pretending.
const command: Command = {
  summary: 'schedule',
  usage: 'Usage: broadsheet schedule',
  async run() {
    throw new BroadsheetError({ code: 'NotImplemented', message: 'broadsheet schedule is not implemented yet' });
  },
};
export default command;
