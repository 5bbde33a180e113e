import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The installed package's root (holds `templates/`), from compiled `dist/src/paths.js`. */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The templates shipped with Broadsheet. */
export const shippedTemplatesDir = path.join(packageRoot, 'templates');
