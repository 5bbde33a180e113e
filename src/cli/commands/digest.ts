import type { Command } from '../context.js';
import { BroadsheetError } from '../../errors.js';

// Placeholder until the command lands; it fails loudly rather than pretending.
const command: Command = {
  summary: 'digest',
  usage: 'Usage: broadsheet digest',
  async run() {
    throw new BroadsheetError({ code: 'NotImplemented', message: 'broadsheet digest is not implemented yet' });
  },
};
export default command;
