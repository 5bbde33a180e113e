import { configSchema } from './schema.js';

interface SchemaLike {
  def?: { type?: string; innerType?: SchemaLike; shape?: Record<string, SchemaLike>; element?: SchemaLike; valueType?: SchemaLike };
  shape?: Record<string, SchemaLike>;
}

/** Looks through `.default()`, `.optional()` and the like to the schema they wrap. */
function unwrap(s: SchemaLike | undefined): SchemaLike | undefined {
  let cur = s;
  for (let i = 0; i < 10 && cur?.def?.innerType; i++) cur = cur.def.innerType;
  return cur;
}

/**
 * The keys the config schema allows at `path` (`[]`: the top level, `['site']`: under
 * site), for suggesting the key a misspelt one was meant to be. Empty where the path
 * does not lead to an object.
 */
export function configKeysAt(path: ReadonlyArray<string | number>): string[] {
  let cur = unwrap(configSchema as unknown as SchemaLike);
  for (const step of path) {
    if (!cur) return [];
    if (typeof step === 'number') cur = unwrap(cur.def?.element);
    else cur = unwrap((cur.shape ?? cur.def?.shape)?.[step] ?? cur.def?.valueType);
  }
  const shape = cur?.shape ?? cur?.def?.shape;
  return shape ? Object.keys(shape) : [];
}
